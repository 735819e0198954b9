#!/usr/bin/env bash
# System calls per home page of the dashboard's workers and of nginx's
# workers (strace -c), over REQUESTS sequential authenticated home pages: a
# count a busy machine does not move, for what happens around a response
# (how often it is written to nginx, the page view's buffer and flushes).
# The dashboard is restarted with the binary and History.PageViews given;
# the stack's `./mimamori up` restores it.
#
#   ./mimamori up --var var/bench --port 18241
#   bench/home-syscalls.sh --var var/bench [BASE_URL]
#   BENCH_BINARY=PATH (default build/release/mimamori-dashboard, e.g. the
#   build before a change) BENCH_PAGE_VIEWS=0|1 (1) BENCH_REQUESTS=300
#
# Prints one line per side: the calls per page, in all and of the calls that
# move a response (write, writev, sendto, read, recvfrom, poll, epoll_wait).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
bench_stack_args "$0" "$ROOT/var/bench" "2,15p" "$@"
BIN=${BENCH_BINARY:-$ROOT/build/release/mimamori-dashboard}
VIEWS=${BENCH_PAGE_VIEWS:-1}
REQUESTS=${BENCH_REQUESTS:-300}
command -v strace >/dev/null || { echo "strace is missing: apt-get install strace" >&2; exit 1; }
CONFIG=$VAR_DIR/mimamori.hdf
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

RESTART_BIN=$BIN restart_with dashboard "History.PageViews = $VIEWS"
bench_login "${BENCH_USER:-admin-a@example.com}" "${BENCH_PASSWORD:-Demo#Mimamori26}"
for _ in $(seq 50); do curl -s -o /dev/null -H "Cookie: $session" "$BASE/"; done
pids_of() { pgrep -P "$1" | sed 's/^/-p /' | tr '\n' ' '; }
# shellcheck disable=SC2046 # the workers' -p options
strace -c -o "$work/program.txt" $(pids_of "$(cat "$VAR_DIR/run/dashboard.pid")") & program=$!
# shellcheck disable=SC2046
strace -c -o "$work/nginx.txt" $(pids_of "$(cat "$VAR_DIR/nginx/nginx.pid")") & nginx=$!
sleep 1
for _ in $(seq "$REQUESTS"); do curl -s -o /dev/null -H "Cookie: $session" "$BASE/"; done
sleep 1.5	# the views' flush (History.ViewFlushMs) falls inside the window
kill -INT "$program" "$nginx"
wait "$program" "$nginx" 2>/dev/null || true
for side in program nginx; do
  awk -v n="$REQUESTS" -v label="$(basename "$BIN") views=$VIEWS $side" '
    $NF == "total" { total = $4 }
    $4 ~ /^[0-9]+$/ && $NF != "total" { calls[$NF] = $4 }
    END {
      printf "%s: %.2f calls per page;", label, total / n
      split("write writev sendto read recvfrom poll epoll_wait", k, " ")
      for (i = 1; i in k; i++)
        if (calls[k[i]]) printf " %s %.2f", k[i], calls[k[i]] / n
      printf "\n"
    }' "$work/$side.txt"
done
