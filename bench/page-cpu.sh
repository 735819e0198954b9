#!/usr/bin/env bash
# What one page costs the whole machine, per process: CPU µs per request of
# nginx, the page's program, MariaDB and wrk itself (wrk -c64, read from
# /proc before and after), and the system calls per page of nginx's workers
# and the program's workers (strace -c over sequential pages). Pages: the
# home page (dashboard) and the case list (cases) of admin-a@example.com.
#
#   ./mimamori up --var var/pc --port 18290
#   bench/page-cpu.sh --var var/pc [BASE_URL]
#   BENCH_DURATION=10s BENCH_CONNECTIONS=64 BENCH_ROUNDS=2
#   BENCH_SYSCALLS=0 (skip the strace part) BENCH_REQUESTS=300
#   BENCH_BINARIES=DIR: restart the dashboard and cases programs with
#   DIR/mimamori-dashboard and DIR/mimamori-cases first (another build;
#   the stack's `./mimamori up` puts its own back)
#   BENCH_NGINX_CONF=FILE: reload the stack's nginx with FILE as its
#   configuration first (e.g. a copy of VAR_DIR/nginx.conf made from another
#   nginx/dev.conf.in; `./mimamori up` writes its own again)
#
# One line per page and round:
#   page rps p99_ms | µs per request: nginx program mariadb wrk | sum |
#   voluntary context switches per request: nginx program mariadb
# then, with BENCH_SYSCALLS=1, one line per page and side with the calls per
# page (all, and the ones that move a request: read, write, writev, readv,
# recvfrom, sendto, poll, epoll_wait, setitimer, getpid).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
bench_stack_args "$0" "$ROOT/var/pc" "2,18p" "$@"
DURATION=${BENCH_DURATION:-10s}
CONNS=${BENCH_CONNECTIONS:-64}
ROUNDS=${BENCH_ROUNDS:-2}
SYSCALLS=${BENCH_SYSCALLS:-1}
REQUESTS=${BENCH_REQUESTS:-300}
raise_nofile
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
CONFIG=$VAR_DIR/mimamori.hdf
if [ -n "${BENCH_NGINX_CONF:-}" ]; then
  cp "$BENCH_NGINX_CONF" "$VAR_DIR/nginx.conf"
  nginx -c "$VAR_DIR/nginx.conf" -p "$VAR_DIR/nginx/" -e "$VAR_DIR/log/nginx-error.log" -s reload
  sleep 1	# the old workers finish
fi
if [ -n "${BENCH_BINARIES:-}" ]; then
  for program in dashboard cases; do
    RESTART_BIN=$BENCH_BINARIES/mimamori-$program restart_with "$program" "# $BENCH_BINARIES"
  done
fi
bench_login "${BENCH_USER:-admin-a@example.com}" "${BENCH_PASSWORD:-Demo#Mimamori26}"
hz=$(getconf CLK_TCK)
pages="home:dashboard:/ cases:cases:/cases/"

# switches PID...: voluntary context switches so far (a process that blocks
# and is woken again), summed over the processes and their threads
switches() {
  local t=0 p n
  for p in "$@"; do
    for n in $(cat /proc/"$p"/task/*/status 2>/dev/null | awk '/^voluntary_ctxt_switches/ {print $2}'); do
      t=$((t + n))
    done
  done
  echo "$t"
}

# wrk in a subshell whose `times` gives wrk's own CPU (user and system of
# the finished child)
wrk_cpu() {
  (
    wrk -t2 -c"$CONNS" -d"$DURATION" --latency -H "Cookie: $session" "$1" >"$work/wrk.txt"
    times >"$work/times.all"
  )
  tail -n 1 "$work/times.all" >"$work/times.txt"
  awk '{ t = 0; for (i = 1; i <= 2; i++) { split($i, a, "m"); sub("s", "", a[2]); t += a[1] * 60 + a[2] } print t }' "$work/times.txt"
}

for page in $pages; do
  IFS=: read -r name program path <<<"$page"
  for _ in $(seq 20); do curl -s -o /dev/null -H "Cookie: $session" "$BASE$path"; done
done
for round in $(seq "$ROUNDS"); do
  for page in $pages; do
    IFS=: read -r name program path <<<"$page"
    nginx_pids=$(tree "$(cat "$VAR_DIR/nginx/nginx.pid")")
    app_pids=$(tree "$(cat "$VAR_DIR/run/$program.pid")")
    db_pids=$(cat "$VAR_DIR/run/db/mariadb.pid")
    # shellcheck disable=SC2086 # pid lists
    read -r n1 a1 d1 <<<"$(ticks $nginx_pids) $(ticks $app_pids) $(ticks $db_pids)"
    # shellcheck disable=SC2086
    read -r sn1 sa1 sd1 <<<"$(switches $nginx_pids) $(switches $app_pids) $(switches $db_pids)"
    wrk_s=$(wrk_cpu "$BASE$path")
    # shellcheck disable=SC2086
    read -r n2 a2 d2 <<<"$(ticks $nginx_pids) $(ticks $app_pids) $(ticks $db_pids)"
    # shellcheck disable=SC2086
    read -r sn2 sa2 sd2 <<<"$(switches $nginx_pids) $(switches $app_pids) $(switches $db_pids)"
    reqs=$(awk '/requests in/ {print $1}' "$work/wrk.txt")
    bad=$(awk '/Non-2xx or 3xx responses/ {print $5}' "$work/wrk.txt")
    [ -z "$bad" ] || echo "$name: $bad answers not 2xx/3xx: the row measures something else" >&2
    awk -v name="$name" -v r="$round" -v n="$reqs" -v hz="$hz" -v w="$wrk_s" \
      -v dn=$((n2 - n1)) -v da=$((a2 - a1)) -v dd=$((d2 - d1)) \
      -v sn=$((sn2 - sn1)) -v sa=$((sa2 - sa1)) -v sd=$((sd2 - sd1)) \
      -v rps="$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt")" \
      -v p99="$(to_ms "$(awk '$1 == "99%" {print $2}' "$work/wrk.txt")")" \
      -v la="$(cut -d' ' -f1 /proc/loadavg)" 'BEGIN {
        f = 1e6 / hz / n; ng = dn * f; ap = da * f; db = dd * f; wk = w * 1e6 / n
        printf "%-5s round %d: %7.0f req/s p99 %6.2f ms load %5s | µs/request nginx %4.0f program %4.0f mariadb %4.0f wrk %4.0f | sum %4.0f | switches/request nginx %.2f program %.2f mariadb %.2f\n",
          name, r, rps, p99, la, ng, ap, db, wk, ng + ap + db + wk, sn / n, sa / n, sd / n }'
  done
done

[ "$SYSCALLS" = 1 ] || exit 0
command -v strace >/dev/null || { echo "strace is missing: apt-get install strace" >&2; exit 1; }
pids_of() { pgrep -P "$1" | sed 's/^/-p /' | tr '\n' ' '; }
for page in $pages; do
  IFS=: read -r name program path <<<"$page"
  # shellcheck disable=SC2046 # the workers' -p options
  strace -c -o "$work/program.txt" $(pids_of "$(cat "$VAR_DIR/run/$program.pid")") 2>/dev/null & sp=$!
  # shellcheck disable=SC2046
  strace -c -o "$work/nginx.txt" $(pids_of "$(cat "$VAR_DIR/nginx/nginx.pid")") 2>/dev/null & sn=$!
  sleep 1
  for _ in $(seq "$REQUESTS"); do curl -s -o /dev/null -H "Cookie: $session" "$BASE$path"; done
  sleep 1.5	# the page views' flush (History.ViewFlushMs) falls inside the window
  kill -INT "$sp" "$sn"
  wait "$sp" "$sn" 2>/dev/null || true
  for side in program nginx; do
    awk -v n="$REQUESTS" -v label="$name $side" '
      $NF == "total" { total = $4 }
      $4 ~ /^[0-9]+$/ && $NF != "total" { calls[$NF] = $4 }
      NF == 6 && $NF == "accept" { idle = $5 }	# EAGAIN: an idle worker woken
      END {
        printf "%s: %.2f calls per page (%.2f without idle wake-ups);", label, total / n, (total - idle) / n
        split("read write writev readv recvfrom sendto poll epoll_wait setitimer getpid accept4 accept close", k, " ")
        for (i = 1; i in k; i++)
          if (calls[k[i]]) printf " %s %.2f", k[i], calls[k[i]] / n
        printf "\n"
      }' "$work/$side.txt"
  done
done
