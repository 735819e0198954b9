#!/usr/bin/env bash
# Adds one large tenant to the bench data of a running stack, in SQL only
# (MariaDB's sequence engine): customer number B300000001, two registered
# devices, GEN_BIG_ALERTS alert rows (default 1,000,000) over 45 days with
# their alert_daily counts summed from the rows (as the ingestion keeps
# them), the mail scheduler's cursor at the newest alert, and the admin
# bench-big@example.com (the demo password). For the alert list of a large
# tenant: its count and its pages (bench/alert-list.sh).
#
#   ./mimamori up --var var/bench --port 18241
#   bench/gen-big-tenant.sh --var var/bench       # once; a second run stops
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
VAR_DIR=$ROOT/var/bench
while [ $# -gt 0 ]; do
  case $1 in
  --var) VAR_DIR=$2; shift 2 ;;
  -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
  *) echo "gen-big-tenant.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
VAR_DIR=$(cd "$VAR_DIR" && pwd -P)
SOCK=$VAR_DIR/run/db/mariadb.sock
[ -S "$SOCK" ] || { echo "no MariaDB socket at $SOCK: start the stack first" >&2; exit 1; }
ALERTS=${GEN_BIG_ALERTS:-1000000}
sql() { mariadb --no-defaults --socket="$SOCK" -uroot --batch --skip-column-names mimamori "$@"; }
if [ -n "$(sql -e "SELECT id FROM tenants WHERE customer_no = 'B300000001'")" ]; then
  echo "large bench tenant already loaded in $VAR_DIR"
  exit 0
fi
step() { local t=$SECONDS; echo "$1"; sql -e "SET unique_checks = 0; SET foreign_key_checks = 0; $2"; echo "  $((SECONDS - t)) s"; }
start=$SECONDS
step "tenant, contract, admin, 2 devices" "
  INSERT INTO tenants (customer_no, name, created_at) VALUES ('B300000001', 'ベンチ大規模株式会社', '2026-01-01 00:00:00');
  SET @t = LAST_INSERT_ID();
  INSERT INTO contracts (tenant_id, service_name, plan, contract_type, start_date, next_renewal_date, created_at)
    VALUES (@t, 'サイバーセキュリティ監視', 'スタンダード', 'annual', '2026-01-01', '2027-01-01', '2026-01-01 00:00:00');
  SET @c = LAST_INSERT_ID();
  INSERT INTO users (tenant_id, login_id, email, display_name, role, password_hash, created_at)
    SELECT @t, 'bench-big@example.com', 'bench-big@example.com', '管理者', 'customer_admin',
      password_hash, '2026-01-01 00:00:00' FROM users WHERE login_id = 'admin-a@example.com';
  INSERT INTO devices (tenant_id, contract_id, status, mac, serial, model, name, created_at, registered_at)
    SELECT @t, @c, 'registered', CONCAT('02:B3:00:00:00:0', seq), CONCAT('SNB3-', seq), 'UTM-100',
      CONCAT('UTM-', seq), '2026-01-01 00:00:00', '2026-01-01 00:00:00' FROM seq_1_to_2"
tenant="(SELECT id FROM tenants WHERE customer_no = 'B300000001')"
# 45 days back from now, one alert every ~3.9 s, alternating devices
step "alerts ($ALERTS rows)" "
  INSERT INTO alerts (tenant_id, device_id, device_alert_id, detected_at, received_at, category, severity,
      source, destination, url, description, action, status)
    SELECT d.tenant_id, d.id, CONCAT('big-', n.seq),
      UTC_TIMESTAMP() - INTERVAL (n.seq * 3888000 DIV $ALERTS) SECOND,
      UTC_TIMESTAMP() - INTERVAL (n.seq * 3888000 DIV $ALERTS) SECOND,
      ELT(1 + n.seq MOD 4, 'Webガード', 'IPS', 'アンチウイルス', 'アプリケーション制御'),
      1 + (n.seq * 7 MOD 10) DIV 4, CONCAT('192.168.', n.seq MOD 200, '.', n.seq MOD 250), '203.0.113.5',
      'http://malware.example/', '本サービスにおいて有害サイトとして登録されたサイトにアクセスしています。',
      '送信元の端末の利用者に対して、アクセス先URLへのアクセスの有無を確認してください。',
      IF(n.seq MOD 5 = 0, 'detected', 'blocked')
    FROM seq_1_to_$ALERTS n JOIN devices d ON d.tenant_id = $tenant AND d.mac = CONCAT('02:B3:00:00:00:0', 1 + n.seq MOD 2)"
step "alert_daily from the rows (Japanese days)" "
  INSERT INTO alert_daily (tenant_id, day, device_id, category, severity, alerts)
    SELECT tenant_id, DATE(detected_at + INTERVAL 9 HOUR), device_id, category, severity, COUNT(*)
    FROM alerts WHERE tenant_id = $tenant GROUP BY 1, 2, 3, 4, 5;
  UPDATE devices SET alerts_gen = alerts_gen + 1 WHERE tenant_id = $tenant"
step "mail cursor at the newest alert" "
  INSERT INTO alert_mail_cursor (tenant_id, last_alert_id, last_mail_at)
    SELECT tenant_id, MAX(id), UTC_TIMESTAMP() FROM alerts WHERE tenant_id = $tenant GROUP BY tenant_id
    ON DUPLICATE KEY UPDATE last_alert_id = VALUES(last_alert_id)"
sql -e "ANALYZE TABLE alerts, alert_daily" >/dev/null
echo "loaded in $((SECONDS - start)) s"
sql -e "SELECT CONCAT('large tenant: alerts ', COUNT(*)) FROM alerts WHERE tenant_id = $tenant"
