#!/usr/bin/env bash
# The alert list (DASH-1 details) of the largest tenant of
# bench/gen-dashboard.sh's set, page by page: the rows InnoDB read for one
# request (MariaDB's global Handler_read_* before and after it, the
# session's statement included; the stack's jobs add a few), then CPU µs
# per request by process (nginx, dashboard, MariaDB, from
# /proc/PID/stat around one wrk run over bench/dashboard.sh's four list
# URLs). Rows read and CPU per request hardly move with the machine's load.
#
#   ./mimamori up --var var/bench --port N
#   bench/alert-list-pages.sh --var var/bench [--no-cpu] [BASE_URL]
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
CPU=1
args=()
for a in "$@"; do
  if [ "$a" = --no-cpu ]; then CPU=0; else args+=("$a"); fi
done
bench_stack_args "$0" "$ROOT/var/bench" "2,11p" "${args[@]}"
DURATION=${BENCH_DURATION:-10s}
USER_ID=${BENCH_USER:-bench-dash-00000001@example.com}
sql() { mariadb --no-defaults --socket="$SOCK" -uroot --batch --skip-column-names mimamori -e "$1"; }
T=$(sql "SELECT tenant_id FROM users WHERE login_id = '$USER_ID'")
[ -n "$T" ] || { echo "no user $USER_ID: run bench/gen-dashboard.sh first" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
raise_nofile
bench_login "$USER_ID" "${BENCH_PASSWORD:-Demo#Mimamori26}"
read -r dev1 dev2 < <(sql "SELECT MIN(id), MAX(id) FROM devices WHERE tenant_id = $T AND status = 'registered'")
total=$(sql "SELECT SUM(alerts) FROM alert_daily WHERE tenant_id = $T")
mid=$((total / 40))

URLS=(
  "/dashboard/alerts"
  "/dashboard/alerts?severity=high&sort=severity&dir=desc"
  "/dashboard/alerts?page=3"
  "/dashboard/alerts?state=open&sort=device&dir=asc"
  "/dashboard/alerts?sort=detected&dir=asc"
  "/dashboard/alerts?sort=severity&dir=asc"
  "/dashboard/alerts?sort=category&dir=asc"
  "/dashboard/alerts?sort=category&dir=desc"
  "/dashboard/alerts?sort=device&dir=desc"
  "/dashboard/alerts?category=IPS&sort=severity&dir=desc"
  "/dashboard/alerts?device=$dev2&severity=medium_up&sort=category&dir=asc"
  "/dashboard/alerts?state=blocked&category=IPS&sort=detected&dir=asc"
  "/dashboard/alerts?from=2026-11-10&to=2026-11-20&severity=low"
  "/dashboard/alerts?page=$mid"
  "/dashboard/alerts?page=$mid&sort=severity&dir=asc"
  "/dashboard/alerts?page=$mid&sort=category&dir=desc"
  "/dashboard/alerts?page=$mid&sort=device&dir=asc"
  "/dashboard/alerts?page=$((mid / 2))&device=$dev1"
  "/dashboard/alerts?page=$((total / 20))&sort=severity&dir=desc"
  "/dashboard/alerts?page=300&state=open"
)

echo "tenant $T ($total alerts by alert_daily), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| page | HTTP | rows read (Handler_read_*) |"
echo "|---|---:|---:|"
reads() {
  sql "SHOW GLOBAL STATUS WHERE Variable_name IN ('Handler_read_key', 'Handler_read_next',
    'Handler_read_prev', 'Handler_read_rnd', 'Handler_read_rnd_next', 'Handler_read_first',
    'Handler_read_last')" | awk '{ s += $2 } END { print s }'
}
for url in "${URLS[@]}"; do
  # each page twice: the second as the workers run it from then on (their
  # prepared statements executed before)
  curl -s -o /dev/null -H "Cookie: $session" "$BASE$url"
  before=$(reads)
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $session" "$BASE$url")
  after=$(reads)
  printf '| `%s` | %s | %d |\n' "${url#/dashboard/alerts}" "$code" "$((after - before))"
done

[ "$CPU" = 1 ] || exit 0
echo
cat >"$work/list.lua" <<EOF
local paths = { "${URLS[0]}", "${URLS[1]}", "${URLS[2]}", "${URLS[3]}" }
local i = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i], { ["Cookie"] = "$session" })
end
EOF
nginx_pids=$(tree "$(cat "$VAR_DIR/nginx/nginx.pid")")
app_pids=$(tree "$(cat "$VAR_DIR/run/dashboard.pid")")
db_pids=$(cat "$VAR_DIR/run/db/mariadb.pid")
wrk -t1 -c8 -d3s -s "$work/list.lua" "$BASE/" >/dev/null
# shellcheck disable=SC2086 # pid lists
read -r n1 a1 d1 <<<"$(ticks $nginx_pids) $(ticks $app_pids) $(ticks $db_pids)"
wrk -t2 -c64 -d"$DURATION" --latency -s "$work/list.lua" "$BASE/" >"$work/wrk.txt"
# shellcheck disable=SC2086
read -r n2 a2 d2 <<<"$(ticks $nginx_pids) $(ticks $app_pids) $(ticks $db_pids)"
requests=$(awk '/requests in/ {print $1}' "$work/wrk.txt")
hz=$(getconf CLK_TCK)
per_request() { awk -v d="$(($2 - $1))" -v n="$requests" -v hz="$hz" 'BEGIN { printf "%.0f", d * 1e6 / hz / n }'; }
echo "list of bench/dashboard.sh (4 URLs), 64 connections, $DURATION: $requests requests," \
  "$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt") req/s, p50 $(awk '$1 == "50%" {print $2}' "$work/wrk.txt")," \
  "p99 $(awk '$1 == "99%" {print $2}' "$work/wrk.txt"), non-2xx $(awk '/Non-2xx/ {print $NF}' "$work/wrk.txt" | grep . || echo 0);" \
  "load $(cut -d' ' -f1 /proc/loadavg); CPU µs per request: nginx $(per_request "$n1" "$n2")," \
  "dashboard $(per_request "$a1" "$a2"), mariadb $(per_request "$d1" "$d2")"
