#!/usr/bin/env bash
# The threat report (DASH-4) over HTTP for one large tenant and a one-UTM
# tenant, and the participants' average job, on a running stack. Loads its
# own data once in SQL (customer numbers B3…): one large tenant with 50 UTMs
# and a year of daily counts (50 × 366 × 6 categories × 3 severities
# alert_daily rows) and top-list rows, plus GEN_PEERS small tenants (1 UTM,
# 30 days) for the job. Each wrk row also gives the CPU time per request of
# nginx, the dashboard program and MariaDB (/proc/PID/stat before and
# after, as bench/cpu.sh), which a busy machine hardly moves; the
# "new alert" rows time single pages right after a batch was counted
# (the kept figures of the period are out of date: grouped again).
# Prints the "## Threat report" section of docs/benchmarks.md; --write
# replaces that section in the file.
#
#   ./mimamori up --var var/bench --port 18437
#   bench/report.sh --var var/bench [--write] [BASE_URL]
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
bench_stack_args "$0" "$ROOT/var/bench" "2,11p" "$@"
DURATION=${BENCH_DURATION:-10s}
THREADS=${BENCH_THREADS:-2}
PEERS=${GEN_PEERS:-2000}
PASSWORD=Demo#Mimamori26
ADMIN=${MM_ADMIN:-$ROOT/build/release/mimamori-admin}
CONF=$VAR_DIR/mimamori.hdf
OUT=$ROOT/docs/benchmarks.md
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
sql() { mariadb --no-defaults --socket="$SOCK" -uroot --batch --skip-column-names mimamori "$@"; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
raise_nofile

if [ "$(sql -e "SELECT COUNT(*) FROM tenants WHERE customer_no = 'B300000000'")" = 0 ]; then
  step() { local t=$SECONDS; echo "$1" >&2; sql -e "SET unique_checks = 0; SET foreign_key_checks = 0; $2"; echo "  $((SECONDS - t)) s" >&2; }
  step "tenants, contracts, users" "
    INSERT INTO tenants (customer_no, name, created_at)
      SELECT CONCAT('B3', LPAD(seq, 8, '0')), CONCAT('レポートベンチ株式会社 ', seq), '2025-01-01 00:00:00'
      FROM seq_0_to_$PEERS;
    INSERT INTO contracts (tenant_id, service_name, plan, contract_type, start_date, next_renewal_date, created_at)
      SELECT id, 'サイバーセキュリティ監視', 'スタンダード', 'annual', '2025-01-01', '2027-01-01', created_at
      FROM tenants WHERE customer_no LIKE 'B3%';
    INSERT INTO users (tenant_id, login_id, email, display_name, role, password_hash, created_at)
      SELECT t.id, 'bench-report@example.com', 'bench-report@example.com', '管理者', 'customer_admin',
        (SELECT password_hash FROM users WHERE login_id = 'admin-a@example.com'), t.created_at
      FROM tenants t WHERE t.customer_no = 'B300000000';
    INSERT INTO users (tenant_id, login_id, email, display_name, role, password_hash, created_at)
      SELECT t.id, 'bench-report-small@example.com', 'bench-report-small@example.com', '管理者', 'customer_admin',
        (SELECT password_hash FROM users WHERE login_id = 'admin-a@example.com'), t.created_at
      FROM tenants t WHERE t.customer_no = 'B300000001'"
  step "devices (50 for the large tenant, 1 for each other)" "
    INSERT INTO devices (tenant_id, contract_id, status, mac, serial, model, name, created_at, registered_at)
      SELECT c.tenant_id, c.id, 'registered',
        CONCAT('02:B3:', LPAD(HEX(c.tenant_id DIV 256 MOD 256), 2, '0'), ':', LPAD(HEX(c.tenant_id MOD 256), 2, '0'),
          ':', LPAD(HEX(s.seq), 2, '0'), ':00'),
        CONCAT('SNB3', c.tenant_id, '-', s.seq), 'UTM-100', CONCAT('拠点 UTM ', s.seq), c.created_at, c.created_at
      FROM contracts c JOIN tenants t ON t.id = c.tenant_id JOIN seq_1_to_50 s
      WHERE t.customer_no LIKE 'B3%' AND (t.customer_no = 'B300000000' OR s.seq = 1)"
  step "alert_daily: the large tenant, 366 days" "
    INSERT INTO alert_daily (tenant_id, day, device_id, category, severity, alerts)
      SELECT d.tenant_id, DATE(UTC_TIMESTAMP() + INTERVAL 9 HOUR) - INTERVAL dd.seq DAY, d.id,
        ELT(c.seq, 'Webガード', 'IPS', 'アンチウイルス', 'アプリケーション制御', 'アンチスパム', 'アンチボット'),
        s.seq, 1 + (d.id * 7 + dd.seq * 13 + c.seq * 5 + s.seq) MOD 50
      FROM devices d JOIN tenants t ON t.id = d.tenant_id JOIN seq_0_to_365 dd JOIN seq_1_to_6 c JOIN seq_1_to_3 s
      WHERE t.customer_no = 'B300000000'"
  step "alert_daily: $PEERS small tenants, 30 days" "
    INSERT INTO alert_daily (tenant_id, day, device_id, category, severity, alerts)
      SELECT d.tenant_id, DATE(UTC_TIMESTAMP() + INTERVAL 9 HOUR) - INTERVAL dd.seq DAY, d.id,
        ELT(c.seq, 'Webガード', 'IPS'), s.seq, 1 + (d.id * 3 + dd.seq * 11 + c.seq + s.seq) MOD 9
      FROM devices d JOIN tenants t ON t.id = d.tenant_id JOIN seq_0_to_29 dd JOIN seq_1_to_2 c JOIN seq_1_to_3 s
      WHERE t.customer_no LIKE 'B3%' AND t.customer_no <> 'B300000000'"
  step "alert_top: the large tenant, 366 days × 3 lists × 200 values" "
    INSERT INTO alert_top (tenant_id, kind, day, value_hash, device_id, value, alerts)
      SELECT t.id, k.seq, DATE(UTC_TIMESTAMP() + INTERVAL 9 HOUR) - INTERVAL dd.seq DAY,
        UNHEX(SHA2(CONCAT(k.seq, '-', v.seq), 256)), d.id,
        IF(k.seq = 2, CONCAT('http://bad-', v.seq, '.example/path'), CONCAT('198.51.', k.seq, '.', v.seq)),
        1 + (v.seq * 7 + dd.seq) MOD 20
      FROM tenants t JOIN devices d ON d.tenant_id = t.id AND d.serial = CONCAT('SNB3', t.id, '-1')
      JOIN seq_1_to_3 k JOIN seq_0_to_365 dd JOIN seq_1_to_200 v
      WHERE t.customer_no = 'B300000000'"
  step "alert_day_gen: one batch per tenant and day" "
    INSERT INTO alert_day_gen (tenant_id, day, gen)
      SELECT x.tenant_id, x.day, 1 FROM alert_daily x JOIN tenants t ON t.id = x.tenant_id
      WHERE t.customer_no LIKE 'B3%' GROUP BY x.tenant_id, x.day
      ON DUPLICATE KEY UPDATE gen = gen + 1"
  sql -e "ANALYZE TABLE alert_daily, alert_top, devices" >/dev/null
fi

bench_login bench-report-small@example.com "$PASSWORD"
small_session=$session
rm -f "$work/cookies"
bench_login bench-report@example.com "$PASSWORD"
page=$(curl -fsS -H "Cookie: $session" "$BASE/dashboard/report")
grep -q 'id="chart-trend"' <<<"$page" || { echo "the report shows no trend chart" >&2; exit 1; }
today=$(TZ=Asia/Tokyo date +%F)
year_from=$(TZ=Asia/Tokyo date -d "$today - 365 days" +%F)
last_month=$(TZ=Asia/Tokyo date -d "$(TZ=Asia/Tokyo date +%Y-%m-01) - 1 day" +%Y-%m)
year="/dashboard/report?period=range&from=$year_from&to=$today"
month="/dashboard/report?period=month&month=$last_month"
for u in /dashboard/report "$month" "$year"; do
  curl -fsS -o /dev/null -H "Cookie: $session" "$BASE$u"
done
curl -fsS -o /dev/null -H "Cookie: $small_session" "$BASE/dashboard/report"
bytes=$(curl -fsS -H "Cookie: $session" "$BASE/dashboard/report" | wc -c)
echo "warming up..." >&2
wrk -t1 -c8 -d3s -H "Cookie: $session" "$BASE/dashboard/report" >/dev/null

nginx_pids=$(tree "$(cat "$VAR_DIR/nginx/nginx.pid")")
app_pids=$(tree "$(cat "$VAR_DIR/run/dashboard.pid")")
db_pids=$(cat "$VAR_DIR/run/db/mariadb.pid")
hz=$(getconf CLK_TCK)
# shellcheck disable=SC2086 # pid lists
all_ticks() { echo "$(ticks $nginx_pids) $(ticks $app_pids) $(ticks $db_pids)"; }
per_request() { awk -v d="$(($2 - $1))" -v n="$3" -v hz="$hz" 'BEGIN { printf "%.0f", (n > 0 ? d * 1e6 / hz / n : 0) }'; }
# run NAME CONNS URL [wrk args] -> "rps p50 p99 bad cpu_nginx cpu_app cpu_db" (µs per request)
run() {
  local n1 a1 d1 n2 a2 d2 row requests
  read -r n1 a1 d1 <<<"$(all_ticks)"
  row=$(wrk_row "$@" | cut -d' ' -f1-4)
  read -r n2 a2 d2 <<<"$(all_ticks)"
  requests=$(awk '/requests in/ {print $1}' "$work/$1.txt")
  echo "$row $(per_request "$n1" "$n2" "$requests") $(per_request "$a1" "$a2" "$requests") $(per_request "$d1" "$d2" "$requests")"
}
read -r s_rps s_p50 s_p99 s_bad s_cn s_ca s_cd < <(run static 64 "$BASE/static/bench-2k.txt")
read -r r_rps r_p50 r_p99 r_bad r_cn r_ca r_cd < <(run report30 64 "$BASE/dashboard/report" -H "Cookie: $session")
read -r m_rps m_p50 m_p99 m_bad m_cn m_ca m_cd < <(run reportmonth 64 "$BASE$month" -H "Cookie: $session")
read -r y_rps y_p50 y_p99 y_bad y_cn y_ca y_cd < <(run report366 64 "$BASE$year" -H "Cookie: $session")
read -r o_rps o_p50 o_p99 o_bad o_cn o_ca o_cd < <(run report30small 64 "$BASE/dashboard/report" -H "Cookie: $small_session")

# A batch of today's alerts makes the kept figures of periods ending today
# out of date: one page each right after one (alert_day_gen bumped as the
# ingestion transaction does), one request at a time; median of 7.
large_id=$(sql -e "SELECT id FROM tenants WHERE customer_no = 'B300000000'")
fresh_ms() {
  local i
  for i in 1 2 3 4 5 6 7; do
    sql -e "INSERT INTO alert_day_gen (tenant_id, day, gen) VALUES ($large_id, '$today', 1)
      ON DUPLICATE KEY UPDATE gen = gen + 1"
    curl -fsS -o /dev/null -w '%{time_total}\n' -H "Cookie: $session" "$BASE$1"
  done | sort -n | awk '{ v[NR] = $1 } END { printf "%.1f", v[int((NR + 1) / 2)] * 1000 }'
}
f30_ms=$(fresh_ms /dashboard/report)
f366_ms=$(fresh_ms "$year")

/usr/bin/time -v "$ADMIN" --config "$CONF" peer-aggregate >"$work/job.out" 2>"$work/job.time"
job_s=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$work/job.time")
job_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/job.time")

cpu=$(awk -F: '/model name/ {gsub(/^ +/, "", $2); print $2; exit}' /proc/cpuinfo)
section=$work/section.md
{
  echo "## Threat report (DASH-4)"
  echo
  echo "Run: \`./mimamori up --var var/bench --port N\`, \`bench/report.sh --var var/bench --write\`"
  echo "(loads its data once). The large tenant B300000000 has 50 UTMs and a year of"
  echo "daily counts: $(sql -e "SELECT COUNT(*) FROM alert_daily x JOIN tenants t ON t.id = x.tenant_id WHERE t.customer_no = 'B300000000'") alert_daily rows counting"
  echo "$(sql -e "SELECT SUM(alerts) FROM alert_daily x JOIN tenants t ON t.id = x.tenant_id WHERE t.customer_no = 'B300000000'") alerts, and $(sql -e "SELECT COUNT(*) FROM alert_top x JOIN tenants t ON t.id = x.tenant_id WHERE t.customer_no = 'B300000000'") alert_top rows; the whole"
  echo "alert_daily table holds $(sql -e "SELECT COUNT(*) FROM alert_daily") rows of $(sql -e "SELECT COUNT(DISTINCT tenant_id) FROM alert_daily") tenants. The page reads"
  echo "aggregates only (no alert row); the 30-day page is $bytes bytes with five inline SVG charts,"
  echo "whose tables and charts each worker renders once per fingerprint (docs/reports.md)."
  echo "wrk: $THREADS threads, $DURATION per row; all rows in one run."
  echo
  echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "- Machine: $(nproc) cores, $cpu; load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
  busy_note
  echo
  echo "| what | conns | req/s | p50 ms | p99 ms | ratio to static | non-2xx/3xx | CPU µs/req nginx / dashboard / MariaDB |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|"
  echo "| nginx static 2 KB | 64 | $s_rps | $s_p50 | $s_p99 | 1.000 | $s_bad | $s_cn / – / – |"
  echo "| report, last 30 days, large tenant | 64 | $r_rps | $r_p50 | $r_p99 | $(ratio "$r_rps" "$s_rps") | $r_bad | $r_cn / $r_ca / $r_cd |"
  echo "| report, month $last_month, large tenant | 64 | $m_rps | $m_p50 | $m_p99 | $(ratio "$m_rps" "$s_rps") | $m_bad | $m_cn / $m_ca / $m_cd |"
  echo "| report, 366 days, large tenant | 64 | $y_rps | $y_p50 | $y_p99 | $(ratio "$y_rps" "$s_rps") | $y_bad | $y_cn / $y_ca / $y_cd |"
  echo "| report, last 30 days, 1-UTM tenant | 64 | $o_rps | $o_p50 | $o_p99 | $(ratio "$o_rps" "$s_rps") | $o_bad | $o_cn / $o_ca / $o_cd |"
  echo
  echo "Right after a batch of today's alerts (kept figures out of date: grouped"
  echo "and rendered again), one request at a time, median of 7: 30 days $f30_ms ms, 366 days $f366_ms ms."
  for f in "$VAR_DIR"/callgrind/summary.*.txt; do
    [ -f "$f" ] || continue
    echo
    echo "callgrind (\`bench/report-callgrind.sh\`, taken $(date -u -r "$f" '+%Y-%m-%d %H:%M UTC')):"
    sed 's/^/    /' "$f"
  done
  echo
  echo "Participants' average job (\`mimamori-admin peer-aggregate\`: the 30 days to"
  echo "yesterday and the previous month, each one transaction over alert_daily):"
  echo "wall clock $job_s, peak RSS $job_kb KiB (\`/usr/bin/time -v\`)."
  sed 's/^/    /' "$work/job.out"
  echo
  echo "Target: report page p99 < 100 ms at 64 connections."
} >"$section"
cat "$section"
if [ "$WRITE" = 1 ]; then bench_write_section "Threat report" "$section" "$OUT"; fi

