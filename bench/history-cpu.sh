#!/usr/bin/env bash
# Login history by CPU time per process (load-independent): one CSV export
# of the bench tenant (CPU µs per row of the history program and of MariaDB,
# rows/s, the workers' peak RSS) and the history page at 64 connections (CPU
# µs per request of nginx, the history program and MariaDB, req/s and the
# ratio to a 2 KB static file in the same run). Needs the data of
# bench/history.sh (tenant N299999990, 1,000,000 events).
#
#   bench/history-cpu.sh --var var/bench-history [BASE_URL]
#   BENCH_EXPORTS=3 BENCH_DURATION=10s bench/history-cpu.sh --var var/bench-history
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
bench_stack_args "$0" "$ROOT/var/bench-history" "2,10p" "$@"
DURATION=${BENCH_DURATION:-10s}
THREADS=${BENCH_THREADS:-2}
EXPORTS=${BENCH_EXPORTS:-1}
CONFIG=$VAR_DIR/mimamori.hdf
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
raise_nofile

hz=$(getconf CLK_TCK)
us_per() { awk -v d="$1" -v n="$2" -v hz="$hz" 'BEGIN { printf "%.2f", (n > 0 ? d * 1e6 / hz / n : 0) }'; }
nginx_pids=$(tree "$(cat "$VAR_DIR/nginx/nginx.pid")")
app_pids=$(tree "$(cat "$VAR_DIR/run/history.pid")")
db_pids=$(cat "$VAR_DIR/run/db/mariadb.pid")
peak_rss_kib() {
  local p m=0 v
  # shellcheck disable=SC2086
  for p in $app_pids; do
    v=$(awk '/^VmHWM/ {print $2}' "/proc/$p/status" 2>/dev/null || echo 0)
    [ "${v:-0}" -le "$m" ] || m=$v
  done
  echo "$m"
}

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
bench_login bench-history-admin@example.com Bench#History26x
cookie=$session
curl -fsS -o /dev/null -H "Cookie: $cookie" "$BASE/history/export.csv?event=logout&sort=user" # warm

for i in $(seq "$EXPORTS"); do
  # shellcheck disable=SC2086
  read -r a1 d1 <<<"$(ticks $app_pids) $(ticks $db_pids)"
  read -r secs bytes code < <(curl -sS -o "$work/export.csv" -w '%{time_total} %{size_download} %{http_code}\n' \
    -H "Cookie: $cookie" "$BASE/history/export.csv")
  # shellcheck disable=SC2086
  read -r a2 d2 <<<"$(ticks $app_pids) $(ticks $db_pids)"
  [ "$code" = 200 ] || { echo "export answered $code" >&2; exit 1; }
  rows=$(($(wc -l <"$work/export.csv") - 1))
  echo "CSV export $i: $rows rows, $bytes bytes, ${secs} s, $(awk -v n="$rows" -v s="$secs" 'BEGIN { printf "%.0f", n / s }') rows/s;" \
    "CPU µs per row: history $(us_per $((a2 - a1)) "$rows"), mariadb $(us_per $((d2 - d1)) "$rows");" \
    "history workers' peak RSS $(($(peak_rss_kib) / 1024)) MiB"
done
[ -z "${BENCH_KEEP_CSV:-}" ] || cp "$work/export.csv" "$BENCH_KEEP_CSV"

pages_lua=$work/pages.lua
{
  echo 'local paths = { "/history/", "/history/?sort=event&dir=asc", "/history/?event=logout&page=3",'
  echo '  "/history/?from=2026-11-01&to=2026-11-30", "/history/?sort=user&dir=desc&page=2" }'
  echo 'local i = 0'
  echo 'request = function()'
  echo '  i = i % #paths + 1'
  echo "  return wrk.format(\"GET\", paths[i], { [\"Cookie\"] = \"$cookie\" })"
  echo 'end'
} >"$pages_lua"
wrk -t1 -c8 -d2s -s "$pages_lua" "$BASE/" >/dev/null
read -r s_rps _ < <(wrk_row static 64 "$BASE/static/bench-2k.txt")
# shellcheck disable=SC2086
read -r n1 a1 d1 <<<"$(ticks $nginx_pids) $(ticks $app_pids) $(ticks $db_pids)"
read -r p_rps p_p50 p_p99 p_bad _ < <(wrk_row page 64 "$BASE/" -s "$pages_lua")
# shellcheck disable=SC2086
read -r n2 a2 d2 <<<"$(ticks $nginx_pids) $(ticks $app_pids) $(ticks $db_pids)"
requests=$(awk '/requests in/ {print $1}' "$work/page.txt")
echo "history page (5 filters/sorts, c64): $p_rps req/s, p50 $p_p50 ms, p99 $p_p99 ms, non-2xx $p_bad;" \
  "static $s_rps req/s, ratio $(ratio "$p_rps" "$s_rps");" \
  "CPU µs per request: nginx $(us_per $((n2 - n1)) "$requests"), history $(us_per $((a2 - a1)) "$requests")," \
  "mariadb $(us_per $((d2 - d1)) "$requests")"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
