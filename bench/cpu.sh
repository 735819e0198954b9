#!/usr/bin/env bash
# CPU time per request of the authenticated home page, split by process:
# nginx, the dashboard program (supervisor and workers) and MariaDB, read
# from /proc/PID/stat before and after one wrk run. Unlike req/s, this
# hardly moves when other work shares the machine, so it compares builds
# measured at different times.
#
#   bench/cpu.sh VAR_DIR [BASE_URL]     (a stack of ./mimamori up --var VAR_DIR)
#   BENCH_DURATION=10s BENCH_CONNECTIONS=64 bench/cpu.sh var/bench http://127.0.0.1:8080
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
VAR=$(cd "${1:?usage: bench/cpu.sh VAR_DIR [BASE_URL]}" && pwd -P)
BASE=${2:-http://127.0.0.1:8080}
DURATION=${BENCH_DURATION:-10s}
CONNS=${BENCH_CONNECTIONS:-64}
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
raise_nofile
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bench_login "${BENCH_USER:-admin-a@example.com}" "${BENCH_PASSWORD:-Demo#Mimamori26}"

nginx_pids=$(tree "$(cat "$VAR/nginx/nginx.pid")")
app_pids=$(tree "$(cat "$VAR/run/dashboard.pid")")
db_pids=$(cat "$VAR/run/db/mariadb.pid")
# shellcheck disable=SC2086 # pid lists
read -r n1 a1 d1 <<<"$(ticks $nginx_pids) $(ticks $app_pids) $(ticks $db_pids)"
wrk -t2 -c"$CONNS" -d"$DURATION" --latency -H "Cookie: $session" "$BASE/" >"$work/wrk.txt"
# shellcheck disable=SC2086
read -r n2 a2 d2 <<<"$(ticks $nginx_pids) $(ticks $app_pids) $(ticks $db_pids)"
requests=$(awk '/requests in/ {print $1}' "$work/wrk.txt")
hz=$(getconf CLK_TCK)
per_request() { awk -v d="$(($2 - $1))" -v n="$requests" -v hz="$hz" 'BEGIN { printf "%.0f", d * 1e6 / hz / n }'; }
echo "requests $requests, $(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt") req/s," \
  "load $(cut -d' ' -f1 /proc/loadavg); CPU µs per request: nginx $(per_request "$n1" "$n2")," \
  "dashboard $(per_request "$a1" "$a2"), mariadb $(per_request "$d1" "$d2")"
