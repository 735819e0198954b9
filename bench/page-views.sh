#!/usr/bin/env bash
# What recording page views (AUTH-11: dashboard.view, case.view, …) costs a
# page: the authenticated home page at 64 connections with the views
# recorded and with `History.PageViews = 0`, in alternating rounds (the
# dashboard restarted with each setting), each round beside nginx serving a
# static file. Prints req/s, p99 and the CPU per request of nginx, the
# dashboard and MariaDB for every round, then the means of each setting.
#
#   ./mimamori up --var var/bench --port 18241
#   bench/page-views.sh --var var/bench [--write] [BASE_URL]
#   BENCH_ROUNDS=3 BENCH_DURATION=10s (defaults)
#
# --write replaces the "## Page views: the cost of recording them" section
# of docs/benchmarks.md. The stack's `./mimamori up` restores the program.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
bench_stack_args "$0" "$ROOT/var/bench" "2,14p" "$@"
DURATION=${BENCH_DURATION:-10s}
THREADS=${BENCH_THREADS:-2}
ROUNDS=${BENCH_ROUNDS:-3}
CONFIG=$VAR_DIR/mimamori.hdf
OUT=$ROOT/docs/benchmarks.md
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
sql() { mariadb --no-defaults --socket="$SOCK" -uroot --batch --skip-column-names mimamori -e "$1"; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
raise_nofile


bench_login "${BENCH_USER:-admin-a@example.com}" "${BENCH_PASSWORD:-Demo#Mimamori26}"
hz=$(getconf CLK_TCK)
events_before=$(sql "SELECT COUNT(*) FROM auth_events")
views_before=$(sql "SELECT COUNT(*) FROM page_views")

# one round: "rps p99 nginx_us app_us db_us"
measure() {
  local name=$1 url=$2 nginx_pids app_pids db_pids n1 a1 d1 n2 a2 d2 row reqs
  nginx_pids=$(tree "$(cat "$VAR_DIR/nginx/nginx.pid")")
  app_pids=$(tree "$(cat "$VAR_DIR/run/dashboard.pid")")
  db_pids=$(cat "$VAR_DIR/run/db/mariadb.pid")
  # shellcheck disable=SC2086 # pid lists
  read -r n1 a1 d1 <<<"$(ticks $nginx_pids) $(ticks $app_pids) $(ticks $db_pids)"
  row=$(wrk_row "$name" 64 "$url" -H "Cookie: $session")
  # shellcheck disable=SC2086
  read -r n2 a2 d2 <<<"$(ticks $nginx_pids) $(ticks $app_pids) $(ticks $db_pids)"
  reqs=$(awk '/requests in/ {print $1}' "$work/$name.txt")
  set -- $row
  awk -v rps="$1" -v p99="$3" -v n="$reqs" -v hz="$hz" -v dn=$((n2 - n1)) -v da=$((a2 - a1)) -v dd=$((d2 - d1)) \
    'BEGIN { printf "%s %s %.0f %.0f %.0f\n", rps, p99, dn*1e6/hz/n, da*1e6/hz/n, dd*1e6/hz/n }'
}

rows=$work/rows
: >"$rows"
for r in $(seq "$ROUNDS"); do
  for setting in 1 0; do
    restart_with dashboard "History.PageViews = $setting"
    curl -fsS -o /dev/null -H "Cookie: $session" "$BASE/"	# the restarted workers connect
    read -r s_rps _ < <(wrk_row "static-$r-$setting" 64 "$BASE/static/bench-2k.txt")
    read -r rps p99 cn ca cd < <(measure "home-$r-$setting" "$BASE/")
    echo "$r $setting $rps $p99 $cn $ca $cd $s_rps" >>"$rows"
    echo "round $r, views $([ "$setting" = 1 ] && echo on || echo off): $rps req/s, p99 $p99 ms, CPU µs nginx $cn / dashboard $ca / MariaDB $cd; static $s_rps" >&2
  done
done
# the last restarted dashboard goes; the stack's own start brings it back
kill -TERM "$(cat "$VAR_DIR/run/dashboard.pid")" 2>/dev/null || true
for _ in $(seq 100); do [ -S "$VAR_DIR/run/dashboard.sock" ] && kill -0 "$(cat "$VAR_DIR/run/dashboard.pid")" 2>/dev/null || break; sleep 0.1; done
(cd "$ROOT" && ./mimamori up --var "$VAR_DIR" --port "${BASE##*:}" >/dev/null 2>&1)
events_after=$(sql "SELECT COUNT(*) FROM auth_events")
views_after=$(sql "SELECT COUNT(*) FROM page_views")

cpu=$(awk -F: '/model name/ {gsub(/^ +/, "", $2); print $2; exit}' /proc/cpuinfo)
section=$work/section.md
{
  echo "## Page views: the cost of recording them (AUTH-11)"
  echo
  echo "Run: \`bench/page-views.sh --var var/bench --write\` on a stack of \`./mimamori up\`."
  echo "The home page of a customer admin at 64 connections, $ROUNDS rounds of $DURATION with"
  echo "page views recorded and with \`History.PageViews = 0\`, alternating (the"
  echo "dashboard restarted with each setting), nginx's static file in each round."
  echo
  echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "- Machine: $(nproc) cores, $cpu; load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
  busy_note
  echo "- auth_events rows: $events_before before, $events_after after; page_views rows: $views_before before, $views_after after"
  echo
  echo "| round | page views | req/s | × static | p99 ms | CPU µs/req nginx / dashboard / MariaDB |"
  echo "|---:|---|---:|---:|---:|---:|"
  awk '{ printf "| %s | %s | %s | %.3f | %s | %s / %s / %s |\n", $1, ($2 == 1 ? "recorded" : "off"), $3, $3 / $8, $4, $5, $6, $7 }' "$rows"
  awk '{ k = $2; n[k]++; rps[k] += $3; rat[k] += $3 / $8; p99[k] += $4; cn[k] += $5; ca[k] += $6; cd[k] += $7 }
    END { for (k = 1; k >= 0; k--) printf "| mean | %s | %.0f | %.3f | %.1f | %.0f / %.0f / %.0f |\n",
      (k == 1 ? "recorded" : "off"), rps[k]/n[k], rat[k]/n[k], p99[k]/n[k], cn[k]/n[k], ca[k]/n[k], cd[k]/n[k] }' "$rows"
  echo
  awk '{ k = $2; n[k]++; rat[k] += $3 / $8; c[k] += $5 + $6 + $7 }
    END { printf "Recorded against off: %+.1f %% req/s as a ratio to static, %+.0f µs of server CPU per page.\n",
      ((rat[1]/n[1]) / (rat[0]/n[0]) - 1) * 100, c[1]/n[1] - c[0]/n[0] }' "$rows"
} >"$section"
cat "$section"

if [ "$WRITE" = 1 ]; then bench_write_section "Page views: the cost of recording them" "$section" "$OUT"; fi

