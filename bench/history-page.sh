#!/usr/bin/env bash
# The login history page (HIST-1) of two builds of the history program, in
# interleaved rounds on the same stack and data: the five filters/sorts of
# bench/history.sh's page row (whole history, by event, logout page 3, a
# month, by user page 2) at 64 connections on the 1,000,000-event tenant of
# bench/history.sh, each round beside nginx's static file. Prints every
# round, the mean and spread of each build, and whether they differ by more
# than the spread (bench/lib.sh ab_summary).
#
#   ./mimamori up --var var/bench-history --port 18283
#   BENCH_A=/tmp/old/mimamori-history bench/history-page.sh --var var/bench-history
#   BENCH_ROUNDS=5 BENCH_DURATION=10s BENCH_B=build/release/mimamori-history (defaults)
#
# BENCH_A / BENCH_B are history binaries (B defaults to this tree's); with
# BENCH_A unset both settings run this tree's (an A/A run: the spread alone).
# BENCH_CONFIG adds a config line to both (e.g. "History.ViewBatch = 32", so
# that two builds write the page's own views alike).
# The stack's `./mimamori up` restores its own program afterwards.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
bench_stack_args "$0" "$ROOT/var/bench-history" "2,18p" "$@"
DURATION=${BENCH_DURATION:-10s}
THREADS=${BENCH_THREADS:-2}
ROUNDS=${BENCH_ROUNDS:-5}
CONFIG=$VAR_DIR/mimamori.hdf
B_BIN=${BENCH_B:-$ROOT/build/release/mimamori-history}
A_BIN=${BENCH_A:-$B_BIN}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
sql() { mariadb --no-defaults --socket="$SOCK" -uroot --batch --skip-column-names mimamori -e "$1"; }
sql "SET GLOBAL innodb_buffer_pool_size = GREATEST(@@innodb_buffer_pool_size, ${BENCH_BUFFER_POOL:-1073741824})"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
raise_nofile

bench_login "${BENCH_USER:-bench-history-admin@example.com}" "${BENCH_PASSWORD:-Bench#History26x}"
lua=$work/pages.lua
{
  echo 'local paths = { "/history/", "/history/?sort=event&dir=asc", "/history/?event=logout&page=3",'
  echo '  "/history/?from=2026-11-01&to=2026-11-30", "/history/?sort=user&dir=desc&page=2" }'
  echo 'local i = 0'
  echo 'request = function()'
  echo '  i = i % #paths + 1'
  echo "  return wrk.format(\"GET\", paths[i], { [\"Cookie\"] = \"$session\" })"
  echo 'end'
} >"$lua"

rows=$work/rows
: >"$rows"
for r in $(seq "$ROUNDS"); do
  order="A B"
  [ $((r % 2)) = 1 ] || order="B A"
  for setting in $order; do
    bin=$A_BIN
    [ "$setting" = A ] || bin=$B_BIN
    RESTART_BIN=$bin restart_with history "${BENCH_CONFIG:-}"
    wrk -t1 -c8 -d2s -s "$lua" "$BASE/" >/dev/null	# the restarted workers connect and warm
    read -r rps p99 s_rps cn ca cd < <(ab_measure "page-$r-$setting" 64 "$BASE/" history -s "$lua")
    code=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $session" "$BASE/history/")
    [ "$code" = 200 ] || { echo "round $r: the session answers $code, not 200: stopped" >&2; exit 1; }
    echo "$r $setting $rps $p99 $s_rps $cn $ca $cd" >>"$rows"
    echo "round $r, $setting: $rps req/s (static $s_rps), p99 $p99 ms, CPU µs nginx $cn / history $ca / MariaDB $cd" >&2
  done
done
kill -TERM "$(cat "$VAR_DIR/run/history.pid")" 2>/dev/null || true
for _ in $(seq 100); do [ -S "$VAR_DIR/run/history.sock" ] && kill -0 "$(cat "$VAR_DIR/run/history.pid")" 2>/dev/null || break; sleep 0.1; done
(cd "$ROOT" && ./mimamori up --var "$VAR_DIR" --port "${BASE##*:}" >/dev/null 2>&1)

echo "History page, A = $A_BIN, B = $B_BIN; $ROUNDS rounds of $DURATION, $(date -u '+%Y-%m-%d %H:%M UTC'), load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
busy_note
echo
ab_summary "$rows" A B
