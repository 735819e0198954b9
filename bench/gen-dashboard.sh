#!/usr/bin/env bash
# Loads the dashboard benchmark data set into the database of a running
# stack, in SQL only (MariaDB's sequence engine): 10,000 tenants (customer
# numbers B2…), each with a contract, two registered UTM devices and an
# admin (bench-dash-NNNNN@example.com, the demo password); alert_daily rows
# for 45 days × 2 devices × 2 categories × 3 severities per tenant whose
# counts add up to about 10,000,000 alerts; a sample of 50 alert rows per
# tenant (500,000) for the alert list; the mail scheduler's cursors at the
# newest alert (steady state: nothing to mail).
#
#   ./mimamori up --var var/bench --port 18437
#   bench/gen-dashboard.sh --var var/bench          # once; a second run stops
#   bench/gen-dashboard.sh --var var/bench --reset  # remove the bench rows first
#   GEN_TENANTS=1000 bench/gen-dashboard.sh ...
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
VAR_DIR=$ROOT/var/bench
RESET=0
while [ $# -gt 0 ]; do
  case $1 in
  --var) VAR_DIR=$2; shift 2 ;;
  --reset) RESET=1; shift ;;
  -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
  *) echo "gen-dashboard.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
VAR_DIR=$(cd "$VAR_DIR" && pwd -P)
SOCK=$VAR_DIR/run/db/mariadb.sock
[ -S "$SOCK" ] || { echo "no MariaDB socket at $SOCK: start the stack first" >&2; exit 1; }
TENANTS=${GEN_TENANTS:-10000}
SAMPLE=${GEN_SAMPLE:-50}
DAYS=45
sql() { mariadb --no-defaults --socket="$SOCK" -uroot --batch --skip-column-names mimamori "$@"; }
bench_tenants="SELECT id FROM tenants WHERE customer_no LIKE 'B2%'"

if [ "$RESET" = 1 ]; then
  echo "removing the dashboard benchmark rows"
  for table in alert_mail_cursor alert_top alert_daily alerts devices contracts; do
    sql -e "DELETE FROM $table WHERE tenant_id IN ($bench_tenants)"
  done
  sql -e "DELETE FROM users WHERE login_id LIKE 'bench-dash-%'; DELETE FROM tenants WHERE customer_no LIKE 'B2%'"
fi
if [ "$(sql -e "SELECT COUNT(*) FROM tenants WHERE customer_no LIKE 'B2%'")" != 0 ]; then
  echo "dashboard benchmark data already loaded in $VAR_DIR"
  exit 0
fi
sql -e "SET GLOBAL innodb_buffer_pool_size = GREATEST(@@innodb_buffer_pool_size, ${GEN_BUFFER_POOL:-2147483648})"
step() { local t=$SECONDS; echo "$1"; sql -e "SET unique_checks = 0; SET foreign_key_checks = 0; $2"; echo "  $((SECONDS - t)) s"; }
start=$SECONDS
step "tenants, contracts, users" "
  INSERT INTO tenants (customer_no, name, created_at)
    SELECT CONCAT('B2', LPAD(seq, 8, '0')), CONCAT('ベンチ株式会社 ', seq), '2026-01-01 00:00:00' FROM seq_1_to_$TENANTS;
  INSERT INTO contracts (tenant_id, service_name, plan, contract_type, start_date, next_renewal_date, created_at)
    SELECT id, 'サイバーセキュリティ監視', 'スタンダード', 'annual', '2026-01-01', '2027-01-01', created_at
    FROM tenants WHERE customer_no LIKE 'B2%';
  INSERT INTO users (tenant_id, login_id, email, display_name, role, password_hash, created_at)
    SELECT t.id, CONCAT('bench-dash-', SUBSTRING(t.customer_no, 3), '@example.com'),
      CONCAT('bench-dash-', SUBSTRING(t.customer_no, 3), '@example.com'), '管理者', 'customer_admin',
      (SELECT password_hash FROM users WHERE login_id = 'admin-a@example.com'), t.created_at
    FROM tenants t WHERE t.customer_no LIKE 'B2%'"
step "devices (2 per tenant, registered)" "
  INSERT INTO devices (tenant_id, contract_id, status, mac, serial, model, name, created_at, registered_at)
    SELECT c.tenant_id, c.id, 'registered',
      CONCAT('02:B2:', LPAD(HEX(c.tenant_id DIV 256 MOD 256), 2, '0'), ':', LPAD(HEX(c.tenant_id MOD 256), 2, '0'), ':00:0', s.seq),
      CONCAT('SNB2', c.tenant_id, '-', s.seq), 'UTM-100', CONCAT('UTM-', s.seq), c.created_at, c.created_at
    FROM contracts c JOIN seq_1_to_2 s WHERE c.tenant_id IN ($bench_tenants)"
# counts per row 1..6 (mean ≈ 3.5 high/medium/low weighted to the low end):
# 10,000 × 45 × 2 × 2 × 3 rows ≈ 5.4 M rows, ≈ 10 M alerts
step "alert_daily ($DAYS days × 2 devices × 2 categories × 3 severities per tenant)" "
  INSERT INTO alert_daily (tenant_id, day, device_id, category, severity, alerts)
    SELECT d.tenant_id, DATE(UTC_TIMESTAMP() + INTERVAL 9 HOUR) - INTERVAL dd.seq DAY, d.id,
      ELT(c.seq, 'Webガード', 'IPS'), s.seq, 1 + ((d.id * 7 + dd.seq * 13 + c.seq * 5 + s.seq) MOD 3) * (4 - s.seq) DIV 2
    FROM devices d JOIN seq_0_to_$((DAYS - 1)) dd JOIN seq_1_to_2 c JOIN seq_1_to_3 s
    WHERE d.tenant_id IN ($bench_tenants)"
step "alerts (a sample of $SAMPLE per tenant)" "
  INSERT INTO alerts (tenant_id, device_id, device_alert_id, detected_at, received_at, category, severity,
      source, destination, url, description, action, status)
    SELECT d.tenant_id, d.id, CONCAT('bench-', n.seq), UTC_TIMESTAMP() - INTERVAL (n.seq * 37 MOD 43200) MINUTE,
      UTC_TIMESTAMP() - INTERVAL (n.seq * 37 MOD 43200) MINUTE, ELT(1 + n.seq MOD 2, 'Webガード', 'IPS'),
      1 + n.seq MOD 3, CONCAT('192.168.1.', n.seq), '203.0.113.5', 'http://malware.example/',
      '本サービスにおいて有害サイトとして登録されたサイトにアクセスしています。',
      '送信元の端末の利用者に対して、アクセス先URLへのアクセスの有無を確認してください。',
      IF(n.seq MOD 5 = 0, 'detected', 'blocked')
    FROM devices d JOIN seq_1_to_$((SAMPLE / 2)) n WHERE d.tenant_id IN ($bench_tenants)"
step "mail cursors at the newest alert" "
  INSERT INTO alert_mail_cursor (tenant_id, last_alert_id, last_mail_at)
    SELECT tenant_id, MAX(id), UTC_TIMESTAMP() FROM alerts WHERE tenant_id IN ($bench_tenants) GROUP BY tenant_id
    ON DUPLICATE KEY UPDATE last_alert_id = VALUES(last_alert_id)"
sql -e "ANALYZE TABLE tenants, users, devices, alerts, alert_daily" >/dev/null
echo "loaded in $((SECONDS - start)) s"
sql -e "SELECT CONCAT('rows: alert_daily ', (SELECT COUNT(*) FROM alert_daily), ' (alerts counted: ',
  (SELECT SUM(alerts) FROM alert_daily), '), alerts ', (SELECT COUNT(*) FROM alerts))"
