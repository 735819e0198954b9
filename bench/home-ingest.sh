#!/usr/bin/env bash
# The home page while alerts are stored (DASH-1 with DASH-6, spec §11: the
# dashboard within its target while ingestion runs). On the data of
# bench/gen-dashboard.sh: 64 tenants' admins logged in (every 150th tenant),
# wrk reading their home pages at 64 connections, and bench/ingest.sh
# posting batches of 500 new alerts at 8 connections for the registered
# devices of the same 64 tenants (so every batch makes one tenant's kept
# status out of date, as in production). Rows: nginx's static file; the
# home page alone; ingestion alone; both at once. For the last, CPU µs per
# request and per stored alert by process, and what InnoDB counted in the
# window: row-lock waits, buffer-pool reads from disk, the kept statuses
# computed again. Prints the section "## Home page during ingestion";
# --write puts it into docs/benchmarks.md.
#
#   ./mimamori up --var var/bench --port 18262
#   bench/gen-dashboard.sh --var var/bench          # once
#   bench/home-ingest.sh --var var/bench [--no-views] [--write] [BASE_URL]
#
# --no-views runs the dashboard with History.PageViews = 0 for the run
# (restarted with the stack's configuration afterwards).
# BENCH_DURATION (10s) is each row's length. BENCH_SHAPE (spread) is the
# batches' shape (bench/ingest.sh --shape: spread or recent).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
VIEWS=1
args=()
for a in "$@"; do
  if [ "$a" = --no-views ]; then VIEWS=0; else args+=("$a"); fi
done
bench_stack_args "$0" "$ROOT/var/bench" "2,22p" "${args[@]}"
DURATION=${BENCH_DURATION:-10s}
SHAPE=${BENCH_SHAPE:-spread}
THREADS=${BENCH_THREADS:-2}
PASSWORD=${BENCH_PASSWORD:-Demo#Mimamori26}
CONFIG=$VAR_DIR/mimamori.hdf
OUT=$ROOT/docs/benchmarks.md
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
sql() { mariadb --no-defaults --socket="$SOCK" -uroot --batch --skip-column-names mimamori -e "$1"; }
[ "$(sql "SELECT COUNT(*) FROM tenants WHERE customer_no LIKE 'B2%'")" != 0 ] ||
  { echo "no benchmark data: run bench/gen-dashboard.sh first" >&2; exit 1; }
work=$(mktemp -d)
ingest_pid=
cleanup() {
  [ -z "$ingest_pid" ] || kill "$ingest_pid" 2>/dev/null || true
  if [ "$VIEWS" = 0 ]; then restart_with dashboard "# the stack's configuration again"; fi
  rm -rf "$work"
}
trap cleanup EXIT
raise_nofile
if [ "$VIEWS" = 0 ]; then restart_with dashboard "History.PageViews = 0"; fi

cookies=() tenants=()
for i in $(seq 0 63); do
  n=$((1 + i * 150))
  cookies+=("$(bench_session "$(printf 'bench-dash-%08d@example.com' "$n")")")
  tenants+=("$(printf 'B2%08d' "$n")")
done
tenant_list=$(IFS=,; echo "${tenants[*]}")
{
  echo "local reqs = {"
  for c in "${cookies[@]}"; do printf '  "%s",\n' "$c"; done
  echo "}"
  echo "local i = 0"
  echo "request = function()"
  echo "  i = i % #reqs + 1"
  echo "  return wrk.format(\"GET\", \"/\", { [\"Cookie\"] = reqs[i] })"
  echo "end"
} >"$work/home.lua"
page=$(curl -fsS -H "Cookie: ${cookies[0]}" "$BASE/")
grep -q 'id="count-high"' <<<"$page" || { echo "the home page shows no threat counts" >&2; exit 1; }
echo "warming up..." >&2
wrk -t1 -c8 -d3s -s "$work/home.lua" "$BASE/" >/dev/null

nginx_pids=$(tree "$(cat "$VAR_DIR/nginx/nginx.pid")")
dash_pids=$(tree "$(cat "$VAR_DIR/run/dashboard.pid")")
ingest_pids=$(tree "$(cat "$VAR_DIR/run/ingest.pid")")
db_pids=$(cat "$VAR_DIR/run/db/mariadb.pid")
# shellcheck disable=SC2086 # pid lists
cpu_now() { echo "$(ticks $nginx_pids) $(ticks $dash_pids) $(ticks $ingest_pids) $(ticks $db_pids)"; }
status_of() { sql "SHOW GLOBAL STATUS WHERE Variable_name IN ('Innodb_row_lock_waits', 'Innodb_row_lock_time',
  'Innodb_buffer_pool_reads')" | awk '{printf "%s ", $2} END {print ""}'; }
newest_id() { sql "SELECT COALESCE(MAX(id), 0) FROM alerts"; }
hz=$(getconf CLK_TCK)
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

read -r s_rps s_p50 s_p99 s_bad _ < <(wrk_row static 64 "$BASE/static/bench-2k.txt")
# the home page alone, with its CPU per request
read -r n1 a1 i1 d1 <<<"$(cpu_now)"
read -r h_rps h_p50 h_p99 h_bad _ < <(wrk_row home 64 "$BASE/" -s "$work/home.lua")
read -r n2 a2 i2 d2 <<<"$(cpu_now)"
h_n=$(awk '/requests in/ {print $1}' "$work/home.txt")
per() { awk -v d="$(($2 - $1))" -v n="$3" -v hz="$hz" 'BEGIN { printf "%.0f", (n > 0 ? d * 1e6 / hz / n : 0) }'; }
h_cpu="$(per "$n1" "$n2" "$h_n") / $(per "$a1" "$a2" "$h_n") / $(per "$d1" "$d2" "$h_n")"

# ingestion alone (bench/ingest.sh checks its counts itself)
BENCH_DURATION=$DURATION bench/ingest.sh --var "$VAR_DIR" --no-static --conns 8 --shape "$SHAPE" \
  --tenants "$tenant_list" "$BASE" >"$work/ingest-alone.txt"
i_rate=$(awk -F'|' '/alerts\/s \(new, stored\)/ {gsub(/[* ]/, "", $3); print $3}' "$work/ingest-alone.txt")
i_cpu=$(awk -F'|' '/CPU µs per stored alert/ {gsub(/^ +| +$/, "", $3); print $3}' "$work/ingest-alone.txt")

# both: ingestion started first and running (its rows growing) before the
# home page's wrk starts; the window is the home page's run
secs=${DURATION%s}
BENCH_DURATION=$((secs + 25))s bench/ingest.sh --var "$VAR_DIR" --no-static --conns 8 --shape "$SHAPE" \
  --tenants "$tenant_list" "$BASE" >"$work/ingest-both.txt" 2>&1 &
ingest_pid=$!
start_id=$(newest_id)
for _ in $(seq 600); do
  [ "$(newest_id)" -gt "$((start_id + 5000))" ] && break
  kill -0 "$ingest_pid" 2>/dev/null || { cat "$work/ingest-both.txt" >&2; exit 1; }
  sleep 0.1
done
utc0=$(sql "SELECT UTC_TIMESTAMP()")
read -r lw0 lt0 br0 <<<"$(status_of)"
id0=$(newest_id)
read -r n1 a1 i1 d1 <<<"$(cpu_now)"
t0=$(date +%s.%N)
read -r b_rps b_p50 b_p99 b_bad b_sock < <(wrk_row both 64 "$BASE/" -s "$work/home.lua")
t1=$(date +%s.%N)
read -r n2 a2 i2 d2 <<<"$(cpu_now)"
id1=$(newest_id)
read -r lw1 lt1 br1 <<<"$(status_of)"
recomputed=$(sql "SELECT COUNT(*) FROM dashboard_status WHERE computed_at >= '$utc0'")
stored=$(sql "SELECT COUNT(*) FROM alerts WHERE id > $id0 AND id <= $id1")
b_n=$(awk '/requests in/ {print $1}' "$work/both.txt")
b_rate=$(awk -v n="$stored" -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f", n / (b - a) }')
# per page: nginx's and the dashboard's CPU over the pages; per alert: the
# ingest program's; MariaDB's is shared by both and given per page and per
# alert of the window
b_cpu_page="$(per "$n1" "$n2" "$b_n") / $(per "$a1" "$a2" "$b_n")"
b_cpu_ingest=$(awk -v d="$((i2 - i1))" -v n="$stored" -v hz="$hz" 'BEGIN { printf "%.1f", (n > 0 ? d * 1e6 / hz / n : 0) }')
b_cpu_db=$(per "$d1" "$d2" "$b_n")
b_cpu_db_alert=$(awk -v d="$((d2 - d1))" -v n="$stored" -v hz="$hz" 'BEGIN { printf "%.1f", (n > 0 ? d * 1e6 / hz / n : 0) }')
wait "$ingest_pid" || { echo "bench/ingest.sh failed:" >&2; cat "$work/ingest-both.txt" >&2; ingest_pid=; exit 1; }
ingest_pid=
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

section=$work/section.md
{
  echo "## Home page during ingestion (DASH-1, DASH-6)"
  echo
  echo "Run: \`bench/home-ingest.sh --var var/bench$( [ "$VIEWS" = 1 ] || echo ' --no-views') --write\` on the data of"
  echo "\`bench/gen-dashboard.sh\` ($(sql "SELECT COUNT(*) FROM alerts") alert rows, $(sql "SELECT COUNT(*) FROM tenants WHERE customer_no LIKE 'B2%'") bench tenants)."
  echo "The home pages of 64 tenants at 64 connections while bench/ingest.sh posts"
  echo "batches of 500 new alerts (shape \`$SHAPE\`) at 8 connections for the 128 registered devices of"
  echo "the same tenants. Page views $( [ "$VIEWS" = 1 ] && echo 'recorded' || echo 'off (History.PageViews = 0)');"
  echo "innodb_buffer_pool_size $(sql "SELECT @@innodb_buffer_pool_size DIV 1048576") MiB; wrk $DURATION per row."
  echo
  echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "- Machine: $(nproc) cores; load average before: $load_before, after: $load_after"
  busy_note
  echo
  echo "| what | home req/s | × static | p50 / p99 ms | alerts/s stored | CPU µs per page: nginx / dashboard / MariaDB |"
  echo "|---|---:|---:|---:|---:|---:|"
  echo "| nginx static 2 KB | $s_rps | 1.000 | $s_p50 / $s_p99 | | |"
  echo "| home page alone | $h_rps | $(ratio "$h_rps" "$s_rps") | $h_p50 / $h_p99 | | $h_cpu |"
  echo "| ingestion alone | | | | $i_rate | (per alert: $i_cpu, nginx / ingest / MariaDB / wrk) |"
  echo "| **both at once** | **$b_rps** | **$(ratio "$b_rps" "$s_rps")** | $b_p50 / **$b_p99** | **$b_rate** | $b_cpu_page / $b_cpu_db (MariaDB shared) |"
  echo
  echo "During both: ingest program $b_cpu_ingest µs and MariaDB $b_cpu_db_alert µs of CPU per stored alert"
  echo "(MariaDB's time is the pages' and the alerts' together); home pages not 2xx/3xx: $b_bad, socket"
  echo "errors $b_sock; InnoDB row-lock waits $((lw1 - lw0)) ($((lt1 - lt0)) ms in all), buffer-pool reads"
  echo "from disk $((br1 - br0)); tenants whose kept status was computed again in the window (a batch"
  echo "of theirs had been stored): $recomputed of 64."
  echo
  echo "Target (spec §11): ≥ 20,000 alerts/s with the dashboard meanwhile ≥ 0.10 × static, p99 < 25 ms."
} >"$section"
cat "$section"
if [ "$WRITE" = 1 ]; then bench_write_section "Home page during ingestion" "$section" "$OUT"; fi
