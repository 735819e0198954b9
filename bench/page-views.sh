#!/usr/bin/env bash
# Whether recording page views (AUTH-11: dashboard.view, case.view, …)
# slows a page measurably: the authenticated home page at 64 connections
# with the views recorded and with `History.PageViews = 0`, in interleaved
# rounds (the dashboard restarted with each setting; the order alternates
# round by round: off on, on off, …), each page row right after a row of
# nginx serving a static file. Prints every round, the mean and standard
# deviation of each setting (ratio to static, p99, server CPU per request by
# process), and whether the difference exceeds the rounds' own spread
# (twice the standard error of the difference of the means).
#
#   ./mimamori up --var var/bench --port 18241
#   bench/page-views.sh --var var/bench [--write] [BASE_URL]
#   BENCH_ROUNDS=5 BENCH_DURATION=10s (defaults); BENCH_VIEWS="History.ViewBatch = 64"
#   adds a line to the "recorded" setting's config (to try a flush setting)
#
# --write replaces the "## Page views: the cost of recording them" section
# of docs/benchmarks.md. The stack's `./mimamori up` restores the program.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
bench_stack_args "$0" "$ROOT/var/bench" "2,19p" "$@"
DURATION=${BENCH_DURATION:-10s}
THREADS=${BENCH_THREADS:-2}
ROUNDS=${BENCH_ROUNDS:-5}
CONFIG=$VAR_DIR/mimamori.hdf
OUT=$ROOT/docs/benchmarks.md
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
sql() { mariadb --no-defaults --socket="$SOCK" -uroot --batch --skip-column-names mimamori -e "$1"; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
raise_nofile


bench_login "${BENCH_USER:-admin-a@example.com}" "${BENCH_PASSWORD:-Demo#Mimamori26}"
events_before=$(sql "SELECT COUNT(*) FROM auth_events")
views_before=$(sql "SELECT COUNT(*) FROM page_views")

rows=$work/rows
: >"$rows"
for r in $(seq "$ROUNDS"); do
  order="A B"
  [ $((r % 2)) = 1 ] || order="B A"
  for setting in $order; do
    # A: views off (the baseline), B: views recorded
    if [ "$setting" = B ]; then
      restart_with dashboard "History.PageViews = 1
${BENCH_VIEWS:-}"
    else
      restart_with dashboard "History.PageViews = 0"
    fi
    wrk -t1 -c8 -d2s -H "Cookie: $session" "$BASE/" >/dev/null	# the restarted workers connect and warm
    read -r rps p99 s_rps cn ca cd < <(ab_measure "home-$r-$setting" 64 "$BASE/" dashboard -H "Cookie: $session")
    code=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $session" "$BASE/")
    [ "$code" = 200 ] || { echo "round $r: the session answers $code, not 200: stopped" >&2; exit 1; }
    echo "$r $setting $rps $p99 $s_rps $cn $ca $cd" >>"$rows"
    echo "round $r, views $([ "$setting" = B ] && echo on || echo off): $rps req/s (static $s_rps), p99 $p99 ms, CPU µs nginx $cn / dashboard $ca / MariaDB $cd" >&2
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
  echo "page views recorded${BENCH_VIEWS:+ (with \`$BENCH_VIEWS\`)} and with \`History.PageViews = 0\`, interleaved (the"
  echo "dashboard restarted with each setting, the order alternating round by round),"
  echo "nginx's static file right before each page row."
  echo
  echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "- Machine: $(nproc) cores, $cpu; load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
  busy_note
  echo "- auth_events rows: $events_before before, $events_after after; page_views rows: $views_before before, $views_after after"
  echo
  ab_summary "$rows" off recorded
} >"$section"
cat "$section"

if [ "$WRITE" = 1 ]; then bench_write_section "Page views: the cost of recording them" "$section" "$OUT"; fi

