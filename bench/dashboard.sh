#!/usr/bin/env bash
# The dashboard over HTTP on the data of bench/gen-dashboard.sh (10,000
# tenants, ≈ 10,000,000 alerts counted in alert_daily), in one run with nginx
# serving a 2 KB static file so that the ratios compare across machines.
# Prints the "## Dashboard" section of docs/benchmarks.md; --write replaces
# that section in the file.
#
#   ./mimamori up --var var/bench --port 18437
#   bench/gen-dashboard.sh --var var/bench
#   bench/dashboard.sh --var var/bench [--write] [BASE_URL]
#
# Rows at 64 connections: the home page with the security status of one
# tenant, the same cycling over 64 tenants (one session each), the alert
# list (page 1, a filter, the last page). BENCH_SWEEP="8 16 32" adds the
# static file and the 64-tenant home row at each of those connection counts:
# wrk's loop is closed, so a row's mean latency is its connections divided
# by its req/s, and the sweep shows where p99 stays under its target.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
bench_stack_args "$0" "$ROOT/var/bench" "2,15p" "$@"
DURATION=${BENCH_DURATION:-10s}
THREADS=${BENCH_THREADS:-2}
PASSWORD=${BENCH_PASSWORD:-Demo#Mimamori26}
OUT=$ROOT/docs/benchmarks.md
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
sql() { mariadb --no-defaults --socket="$SOCK" -uroot --batch --skip-column-names mimamori -e "$1"; }
[ "$(sql "SELECT COUNT(*) FROM tenants WHERE customer_no LIKE 'B2%'")" != 0 ] ||
  { echo "no benchmark data: run bench/gen-dashboard.sh first" >&2; exit 1; }

# as bench/gen-dashboard.sh left it: a restarted server is back at 128 MiB,
# smaller than alert_daily
sql "SET GLOBAL innodb_buffer_pool_size = GREATEST(@@innodb_buffer_pool_size, ${GEN_BUFFER_POOL:-2147483648})"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
raise_nofile
one=$(bench_session bench-dash-00000001@example.com)
page=$(curl -fsS -H "Cookie: $one" "$BASE/")
grep -q 'id="count-high"' <<<"$page" || { echo "the home page shows no threat counts" >&2; exit 1; }

dashboard_home_scripts "$one"
list=$(wrk_cycle_script list /dashboard/alerts "$one" "/dashboard/alerts?severity=high&sort=severity&dir=desc" "$one" \
  "/dashboard/alerts?page=3" "$one" "/dashboard/alerts?state=open&sort=device&dir=asc" "$one")

echo "warming up..." >&2
wrk -t1 -c8 -d3s -s "$home_many" "$BASE/" >/dev/null
# run NAME CONNS URL [wrk args...] -> "rps p50_ms p99_ms non2xx stalls"
run() { wrk_row "$@" | cut -d' ' -f1-4,6; }
read -r s_rps s_p50 s_p99 s_bad s_stall < <(run static 64 "$BASE/static/bench-2k.txt")
read -r h_rps h_p50 h_p99 h_bad h_stall < <(run home_one 64 "$BASE/" -s "$home_one")
read -r m_rps m_p50 m_p99 m_bad m_stall < <(run home_many 64 "$BASE/" -s "$home_many")
read -r l_rps l_p50 l_p99 l_bad l_stall < <(run list 64 "$BASE/" -s "$list")
sweep_rows=()
for c in ${BENCH_SWEEP:-}; do
  read -r ss_rps ss_p50 ss_p99 ss_bad ss_stall < <(run "static_$c" "$c" "$BASE/static/bench-2k.txt")
  read -r sm_rps sm_p50 sm_p99 sm_bad sm_stall < <(run "home_many_$c" "$c" "$BASE/" -s "$home_many")
  sweep_rows+=("| $c | $ss_rps | $ss_p99 | $sm_rps | $sm_p50 | $sm_p99 | $(awk -v c="$c" -v r="$sm_rps" 'BEGIN { printf "%.1f", (r > 0 ? c * 1000 / r : 0) }') | $(ratio "$sm_rps" "$ss_rps") | $((ss_bad + sm_bad)) | $sm_stall |")
done

cpu=$(awk -F: '/model name/ {gsub(/^ +/, "", $2); print $2; exit}' /proc/cpuinfo)
section=$work/section.md
{
  echo "## Dashboard: security status and alert list (DASH-1)"
  echo
  echo "Run: \`./mimamori up --var var/bench --port N\`, \`bench/gen-dashboard.sh --var var/bench\`"
  echo "(once), \`bench/dashboard.sh --var var/bench --write\`."
  echo
  echo "Data of \`bench/gen-dashboard.sh\`: $(sql "SELECT COUNT(*) FROM tenants WHERE customer_no LIKE 'B2%'") tenants,"
  echo "$(sql "SELECT COUNT(*) FROM alert_daily") alert_daily rows counting $(sql "SELECT SUM(alerts) FROM alert_daily") alerts,"
  echo "$(sql "SELECT COUNT(*) FROM alerts") alert rows stored. The status is the tenant's"
  echo "kept row of dashboard_status, read with its devices in one statement; it is"
  echo "summed again from alert_daily (30 days, ≈ 360 rows on its primary key) only"
  echo "when the period or the devices' fingerprint changed (sql/023_dashboard_speed.sql)."
  echo "innodb_buffer_pool_size $(sql "SELECT @@innodb_buffer_pool_size DIV 1048576") MiB, innodb_flush_log_at_trx_commit $(sql "SELECT @@innodb_flush_log_at_trx_commit")."
  echo "wrk: $THREADS threads, $DURATION per row; all rows in one run."
  echo
  echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "- Machine: $(nproc) cores, $cpu; load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  echo "| what | conns | req/s | p50 ms | p99 ms | ratio to static | non-2xx/3xx | machine stalls: longest ms / over 50 ms |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|"
  echo "| nginx static 2 KB | 64 | $s_rps | $s_p50 | $s_p99 | 1.000 | $s_bad | $s_stall |"
  echo "| home with security status, one tenant | 64 | $h_rps | $h_p50 | $h_p99 | $(ratio "$h_rps" "$s_rps") | $h_bad | $h_stall |"
  echo "| home with security status, 64 tenants | 64 | $m_rps | $m_p50 | $m_p99 | $(ratio "$m_rps" "$s_rps") | $m_bad | $m_stall |"
  echo "| alert list: page 1, filter + sort, page 3, state + device sort | 64 | $l_rps | $l_p50 | $l_p99 | $(ratio "$l_rps" "$s_rps") | $l_bad | $l_stall |"
  if [ ${#sweep_rows[@]} -gt 0 ]; then
    echo
    echo "Home page cycling over 64 tenants at fewer connections (each row with its own static row):"
    echo
    echo "| conns | static req/s | static p99 ms | home req/s | home p50 ms | home p99 ms | mean ms (conns / req/s) | ratio to static | non-2xx/3xx | machine stalls (home row) |"
    echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    printf '%s\n' "${sweep_rows[@]}"
  fi
  echo
  echo "Target (spec §11): dashboard over 10,000,000 alerts / 10,000 tenants"
  echo "≥ 0.10 × static, p99 < 25 ms. Machine stalls: bench/stallwatch.c run"
  echo "beside each row (longest oversleep of a 1 ms sleep in ms / how many over"
  echo "50 ms): such a stall held up every request in flight."
} >"$section"
cat "$section"
if [ "$WRITE" = 1 ]; then bench_write_section "Dashboard: security status" "$section" "$OUT"; fi

