#!/usr/bin/env bash
# Loads the dashboard benchmark data set into the database of a running
# stack, in SQL only (MariaDB's sequence engine): 10,000 tenants (customer
# numbers B2…), each with a contract, two registered UTM devices and an
# admin (bench-dash-NNNNNNNN@example.com, the demo password), and about
# 10,000,000 alert rows over the last 45 Japanese days (today up to now):
# tenant sizes skewed (the k-th largest has about 1/k^0.7 of the largest:
# from ≈ 190,000 alerts down to ≈ 300), six categories with their
# severities, statuses, sources, destinations and URLs in the proportions
# of tools/demo-alerts.py, one alert in 500 received an hour or more late.
# Every kept aggregate is made from the rows as the ingestion transaction
# makes it (fcgi/ingest/ingest_db.c): alert_daily, alert_top,
# alert_day_gen, the devices' alerts_gen / last_alert_at /
# alerts_received_at, the mail scheduler's cursors at the newest alert
# (steady state: nothing to mail). The rows go in one Japanese day at a
# time, so ids rise with the day, as a day's ingestion would leave them.
# --check then recounts every aggregate of every tenant from the rows and
# fails on any difference (run it again after bench/ingest.sh: it covers
# the rows ingestion stored too).
#
#   ./mimamori up --var var/bench --port 18262
#   bench/gen-dashboard.sh --var var/bench          # once (≈ 20 min idle); a second run stops
#   bench/gen-dashboard.sh --var var/bench --check  # recount and compare (≈ 21 min at load 16)
#   bench/gen-dashboard.sh --var var/bench --reset  # remove the bench rows first
#   bench/gen-dashboard.sh --var var/bench --resume # go on with a load stopped between days
#   GEN_TENANTS=1000 GEN_ALERTS=1000000 bench/gen-dashboard.sh ...
#
# --resume goes on with a load that was stopped during a day's INSERT of
# alert rows (the script killed, then its statement: KILL QUERY) from the
# first day without rows, with the clock of the first run
# (VAR/gen-dashboard.now, or the bench tenants' mail cursors): on a busy
# machine the load takes longer than a sitting. A load stopped between a
# day's rows and its counts is not told apart (alerts stored through the
# API since add counts of their own): --check finds it.
#
# MariaDB's buffer pool: GEN_BUFFER_POOL (default 4 GiB) is set at once and
# written to VAR/db.options, which ./mimamori passes to mariadbd at every
# start of that stack (tools/stack/db.sh): the alerts' secondary indexes,
# alert_daily and alert_top of the set (≈ 3 GiB) stay in memory.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
VAR_DIR=$ROOT/var/bench
RESET=0
CHECK_ONLY=0
RESUME=0
while [ $# -gt 0 ]; do
  case $1 in
  --var) VAR_DIR=$2; shift 2 ;;
  --reset) RESET=1; shift ;;
  --check) CHECK_ONLY=1; shift ;;
  --resume) RESUME=1; shift ;;
  -h|--help) sed -n '2,38p' "$0"; exit 0 ;;
  *) echo "gen-dashboard.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
VAR_DIR=$(cd "$VAR_DIR" && pwd -P)
SOCK=$VAR_DIR/run/db/mariadb.sock
[ -S "$SOCK" ] || { echo "no MariaDB socket at $SOCK: start the stack first" >&2; exit 1; }
TENANTS=${GEN_TENANTS:-10000}
TARGET=${GEN_ALERTS:-10000000}
POOL=${GEN_BUFFER_POOL:-4294967296}
DAYS=45
sql() { mariadb --no-defaults --default-character-set=utf8mb4 --socket="$SOCK" -uroot --batch --skip-column-names mimamori "$@"; }
bench_tenants="SELECT id FROM tenants WHERE customer_no LIKE 'B2%'"

# check: every aggregate equals a recount of the alert rows, for every
# tenant. Prints one line per aggregate; exit 1 on any difference.
check() {
  local bad=0 line
  echo "recounting the aggregates from the alert rows (every tenant)"
  # alert_daily: same rows, same counts (kept = recounted = equal)
  line=$(sql -e "
    SELECT (SELECT COUNT(*) FROM alert_daily), COUNT(*), COALESCE(SUM(a.alerts <=> r.n), 0), COALESCE(SUM(r.n), 0)
    FROM (SELECT tenant_id, DATE(detected_at + INTERVAL 9 HOUR) AS day, device_id, category, severity, COUNT(*) AS n
          FROM alerts GROUP BY 1, 2, 3, 4, 5) r
    LEFT JOIN alert_daily a ON a.tenant_id = r.tenant_id AND a.day = r.day AND a.device_id = r.device_id
      AND a.category = r.category AND a.severity = r.severity")
  read -r kept recount equal alerts <<<"$line"
  echo "  alert_daily: $kept rows kept, $recount recounted, $equal equal ($alerts alerts)"
  [ "$kept" = "$recount" ] && [ "$recount" = "$equal" ] || bad=1
  # alert_top: the three kinds the ingestion counts (blocked destination,
  # blocked URL, source; empty values not counted). Grouping the alert rows
  # by value (≈ 25 million rows with values up to 2 KB in a temporary table)
  # did not finish in hours; instead every tenant's alerts are summed once
  # in one pass of the table, per kind: how many, and two CRC32 sums of
  # (day, SHA-256 of the value, device) that the kept rows must give
  # weighted by their counts. Equal counts and sums for every tenant and
  # kind mean the same groups with the same counts (a difference slipping
  # through both sums: about 1 in 2^64); each kept value is then checked
  # against its own hash.
  line=$(sql -e "
    SELECT (SELECT COUNT(*) FROM alert_top), (SELECT COALESCE(SUM(value_hash <> UNHEX(SHA2(value, 256))), 0) FROM alert_top),
      COUNT(*), COALESCE(SUM(k.tenant_id IS NOT NULL AND r.n1 = k.n1 AND r.a1 = k.a1 AND r.b1 = k.b1
        AND r.n2 = k.n2 AND r.a2 = k.a2 AND r.b2 = k.b2 AND r.n3 = k.n3 AND r.a3 = k.a3 AND r.b3 = k.b3), 0),
      (SELECT COUNT(DISTINCT tenant_id) FROM alert_top)
    FROM (SELECT t.tenant_id, SUM(t.d) AS n1, SUM(IF(t.d, CRC32(CONCAT(t.day, UNHEX(SHA2(t.destination, 256)), t.device_id)), 0)) AS a1,
            SUM(IF(t.d, CRC32(CONCAT(t.device_id, '/', UNHEX(SHA2(t.destination, 256)), t.day)), 0)) AS b1,
            SUM(t.u) AS n2, SUM(IF(t.u, CRC32(CONCAT(t.day, UNHEX(SHA2(t.url, 256)), t.device_id)), 0)) AS a2,
            SUM(IF(t.u, CRC32(CONCAT(t.device_id, '/', UNHEX(SHA2(t.url, 256)), t.day)), 0)) AS b2,
            SUM(t.s) AS n3, SUM(IF(t.s, CRC32(CONCAT(t.day, UNHEX(SHA2(t.source, 256)), t.device_id)), 0)) AS a3,
            SUM(IF(t.s, CRC32(CONCAT(t.device_id, '/', UNHEX(SHA2(t.source, 256)), t.day)), 0)) AS b3
          FROM (SELECT tenant_id, device_id, DATE(detected_at + INTERVAL 9 HOUR) AS day, destination, url, source,
                  status = 'blocked' AND destination <> '' AS d, status = 'blocked' AND url <> '' AS u, source <> '' AS s
                FROM alerts USE INDEX ()) t
          GROUP BY t.tenant_id HAVING n1 + n2 + n3 > 0) r
    LEFT JOIN (SELECT tenant_id,
            SUM(IF(kind = 1, alerts, 0)) AS n1, SUM(IF(kind = 1, alerts * CRC32(CONCAT(day, value_hash, device_id)), 0)) AS a1,
            SUM(IF(kind = 1, alerts * CRC32(CONCAT(device_id, '/', value_hash, day)), 0)) AS b1,
            SUM(IF(kind = 2, alerts, 0)) AS n2, SUM(IF(kind = 2, alerts * CRC32(CONCAT(day, value_hash, device_id)), 0)) AS a2,
            SUM(IF(kind = 2, alerts * CRC32(CONCAT(device_id, '/', value_hash, day)), 0)) AS b2,
            SUM(IF(kind = 3, alerts, 0)) AS n3, SUM(IF(kind = 3, alerts * CRC32(CONCAT(day, value_hash, device_id)), 0)) AS a3,
            SUM(IF(kind = 3, alerts * CRC32(CONCAT(device_id, '/', value_hash, day)), 0)) AS b3
          FROM alert_top GROUP BY tenant_id) k ON k.tenant_id = r.tenant_id")
  read -r kept badhash recount equal kept_tenants <<<"$line"
  echo "  alert_top: $kept rows kept ($badhash with a value not of its hash); $recount tenants recounted, $equal equal, $kept_tenants kept"
  [ "$badhash" = 0 ] && [ "$recount" = "$equal" ] && [ "$recount" = "$kept_tenants" ] || bad=1
  # alert_day_gen: a generation for every day that has alerts
  line=$(sql -e "
    SELECT COUNT(*), COALESCE(SUM(g.gen >= 1), 0)
    FROM (SELECT DISTINCT tenant_id, day FROM alert_daily) d
    LEFT JOIN alert_day_gen g ON g.tenant_id = d.tenant_id AND g.day = d.day")
  read -r days covered <<<"$line"
  echo "  alert_day_gen: $days tenant days with alerts, $covered with a generation"
  [ "$days" = "$covered" ] || bad=1
  # dashboard_status: a kept status whose fingerprint still matches the
  # tenant's registered devices must equal the sums of its period
  line=$(sql -e "
    SELECT COUNT(*), COALESCE(SUM(s.low = (SELECT COALESCE(SUM(a.alerts), 0) FROM alert_daily a
             JOIN devices d ON d.id = a.device_id AND d.status = 'registered'
             WHERE a.tenant_id = s.tenant_id AND a.day BETWEEN s.period_from AND s.period_to AND a.severity = 1)
         AND s.medium = (SELECT COALESCE(SUM(a.alerts), 0) FROM alert_daily a
             JOIN devices d ON d.id = a.device_id AND d.status = 'registered'
             WHERE a.tenant_id = s.tenant_id AND a.day BETWEEN s.period_from AND s.period_to AND a.severity = 2)
         AND s.high = (SELECT COALESCE(SUM(a.alerts), 0) FROM alert_daily a
             JOIN devices d ON d.id = a.device_id AND d.status = 'registered'
             WHERE a.tenant_id = s.tenant_id AND a.day BETWEEN s.period_from AND s.period_to AND a.severity = 3)), 0)
    FROM dashboard_status s
    JOIN (SELECT tenant_id, SUM(id) AS ids, SUM(alerts_gen) AS gens FROM devices
          WHERE status = 'registered' GROUP BY tenant_id) f
      ON f.tenant_id = s.tenant_id AND f.ids = s.devices_sum AND f.gens = s.gen_sum")
  read -r current equal <<<"$line"
  echo "  dashboard_status: $current kept rows current, $equal equal to the sums of their period"
  [ "$current" = "$equal" ] || bad=1
  if [ "$bad" = 1 ]; then echo "gen-dashboard.sh: aggregates differ from the rows" >&2; return 1; fi
  echo "  every aggregate equals its recount"
}

sql -e "SET GLOBAL innodb_buffer_pool_size = GREATEST(@@innodb_buffer_pool_size, $POOL)"
printf -- '--innodb-buffer-pool-size=%s\n' "$(sql -e "SELECT @@innodb_buffer_pool_size")" >"$VAR_DIR/db.options"
if [ "$CHECK_ONLY" = 1 ]; then check; exit; fi

if [ "$RESET" = 1 ]; then
  echo "removing the dashboard benchmark rows"
  for table in alert_mail_cursor alert_top alert_daily alert_day_gen dashboard_status report_kept alerts devices contracts; do
    sql -e "DELETE FROM $table WHERE tenant_id IN ($bench_tenants)"
  done
  sql -e "DELETE s FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.login_id LIKE 'bench-dash-%'" 2>/dev/null || true
  sql -e "DELETE FROM users WHERE login_id LIKE 'bench-dash-%'; DELETE FROM tenants WHERE customer_no LIKE 'B2%'"
fi
loaded=$(sql -e "SELECT COUNT(*) FROM tenants WHERE customer_no LIKE 'B2%'")
if [ "$RESUME" = 1 ] && [ "$loaded" = 0 ]; then
  echo "nothing to resume in $VAR_DIR: run without --resume" >&2
  exit 1
fi
if [ "$RESUME" = 0 ] && [ "$loaded" != 0 ]; then
  echo "dashboard benchmark data already loaded in $VAR_DIR"
  exit 0
fi
step() { local t=$SECONDS; echo "$1"; sql -e "SET unique_checks = 0; SET foreign_key_checks = 0; $2"; echo "  $((SECONDS - t)) s"; }
start=$SECONDS
if [ "$RESUME" = 1 ]; then
  now=$(cat "$VAR_DIR/gen-dashboard.now" 2>/dev/null ||
    sql -e "SELECT MAX(last_mail_at) FROM alert_mail_cursor WHERE tenant_id IN ($bench_tenants)")
  case $now in
  [0-9][0-9][0-9][0-9]-*) ;;
  *) echo "cannot tell the first run's clock: --reset" >&2; exit 1 ;;
  esac
else
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
now=$(sql -e "SELECT UTC_TIMESTAMP()")
echo "$now" >"$VAR_DIR/gen-dashboard.now"
fi

# The alerts of one device on the Japanese day DD days ago: weight of the
# tenant (rank r of 1..TENANTS, a fixed shuffle of the customer numbers) ×
# a factor 0.6–1.4 per device and day × the part of today that has passed.
today="DATE('$now' + INTERVAL 9 HOUR)"
rank="((CAST(SUBSTRING(t.customer_no, 3) AS UNSIGNED) - 1) * 7919 MOD $TENANTS + 1)"
span="IF(dd.seq = 0, GREATEST(60, TIMESTAMPDIFF(SECOND, TIMESTAMP($today) - INTERVAL 9 HOUR, '$now')), 86400)"
share="POW($rank, -0.7) / 2 * (0.6 + 0.8 * (CRC32(CONCAT(d.id, '/', dd.seq)) MOD 1000) / 1000) * $span / 86400"
from_devices="FROM devices d JOIN tenants t ON t.id = d.tenant_id AND t.customer_no LIKE 'B2%'"
scale=$(sql -e "SELECT $TARGET / SUM($share) $from_devices JOIN seq_0_to_$((DAYS - 1)) dd")
max=$(sql -e "SELECT CEIL(MAX($scale * $share)) $from_devices JOIN seq_0_to_$((DAYS - 1)) dd")
echo "alerts: ≈ $TARGET over $DAYS days, at most $max per device and day"

# the largest tenant's first device has alerts every day: a day with its
# rows is loaded
first_device=$(sql -e "SELECT MIN(d.id) FROM devices d JOIN tenants t ON t.id = d.tenant_id
  WHERE t.customer_no = 'B200000001'")
day_loaded() {
  sql -e "SELECT EXISTS (SELECT 1 FROM alerts WHERE device_id = $first_device AND device_alert_id LIKE 'g$1-%')"
}
for dd in $(seq $((DAYS - 1)) -1 0); do
  t=$SECONDS
  if [ "$RESUME" = 1 ]; then
    [ "$(day_loaded "$dd")" = 0 ] || continue
  fi
  first=$(sql -e "SELECT COALESCE(MAX(id), 0) + 1 FROM alerts")
  # h: one hash per alert, its bits pick the kind, severity, status and
  # values; u: the same spread over [0, 1)
  sql -e "SET unique_checks = 0; SET foreign_key_checks = 0;
  INSERT INTO alerts (tenant_id, device_id, device_alert_id, detected_at, received_at, category, severity,
      source, destination, url, description, action, status)
  SELECT g.tenant_id, g.device_id, CONCAT('g', $dd, '-', g.n), g.at,
    LEAST('$now', g.at + INTERVAL IF(g.h MOD 500 = 0, 3600 + g.h MOD 7200, g.h MOD 5) SECOND),
    ELT(g.kind, 'Webガード', 'IPS', 'アンチウイルス', 'アプリケーション制御', 'アンチスパム', 'アンチボット'),
    CASE g.kind
      WHEN 1 THEN IF(g.u2 < 2/9, 1, IF(g.u2 < 8/9, 2, 3))
      WHEN 2 THEN IF(g.u2 < 5/9, 1, IF(g.u2 < 8/9, 2, 3))
      WHEN 3 THEN IF(g.u2 < 1/7, 1, IF(g.u2 < 4/7, 2, 3))
      WHEN 4 THEN IF(g.u2 < 6/8, 1, 2)
      WHEN 5 THEN IF(g.u2 < 5/7, 1, 2)
      ELSE IF(g.u2 < 1/5, 2, 3) END,
    CONCAT('192.168.', 1 + g.tenant_id MOD 200, '.', 10 + FLOOR(24 * g.u3 * g.u3)),
    CASE g.kind WHEN 2 THEN CONCAT('203.0.113.', 10 + g.k)
      WHEN 5 THEN CONCAT('mail', g.k, '.spam.example')
      ELSE CONCAT('198.51.100.', 10 + g.k) END,
    CASE g.kind
      WHEN 1 THEN ELT(1 + g.k MOD 6, CONCAT('http://malware-download', g.k, '.example/files/setup.exe'),
        CONCAT('http://phishing-bank', g.k, '.example/login'), CONCAT('http://fake-shop', g.k, '.example/sale'),
        CONCAT('http://adware-cdn', g.k, '.example/track.js'), CONCAT('http://exploit-kit', g.k, '.example/landing'),
        CONCAT('http://scam-support', g.k, '.example/'))
      WHEN 3 THEN ELT(1 + g.k MOD 2, CONCAT('http://free-tools', g.k, '.example/download/tool.zip'),
        CONCAT('http://invoice-mail', g.k, '.example/doc.xlsm'))
      WHEN 6 THEN CONCAT('http://cc-server', g.k, '.example/gate.php')
      ELSE '' END,
    ELT(g.kind,
      'UTMが有害サイトへのアクセスを検知したため通信をブロックしました。本サービスにおいて有害サイトとして登録されたサイトにアクセスしています。',
      '外部から社内ネットワークへの侵入の試み(脆弱性を狙った攻撃通信)を検知し、通信を遮断しました。',
      'ダウンロードされたファイルからウイルスを検知し、通信を遮断してファイルを隔離しました。',
      '利用が制限されているアプリケーション(ファイル共有ソフト)の通信を検知し、ブロックしました。',
      '迷惑メール(フィッシングの疑いがあるメール)の受信を検知しました。',
      '社内の端末から、ボットネットの指令サーバーと思われる宛先への通信を検知し、遮断しました。'),
    ELT(g.kind,
      '送信元の端末の利用者に対して、アクセス先URLへのアクセスの有無を確認し、有害サイトへのアクセスは行わないよう呼び掛けてください。',
      '宛先の機器のOSやソフトウェアが最新の状態か確認し、更新が公開されている場合は適用してください。',
      '送信元の端末でウイルス対策ソフトのフルスキャンを実施し、利用者に不審なファイルを開いていないか確認してください。',
      '利用者に業務上の必要性を確認し、不要であればアプリケーションをアンインストールするよう依頼してください。',
      '受信者に対して、メール本文のURLを開いたり添付ファイルを開いたりしないよう呼び掛けてください。',
      '送信元の端末をネットワークから切り離してウイルス対策ソフトでスキャンし、必要に応じて相談窓口にお問い合わせください。'),
    CASE WHEN g.kind = 3 THEN 'quarantined' WHEN g.kind = 5 THEN 'detected'
      WHEN g.u4 < 0.1 THEN 'detected' ELSE 'blocked' END
  FROM (SELECT x.*,
          CASE WHEN x.u1 < 0.40 THEN 1 WHEN x.u1 < 0.65 THEN 2 WHEN x.u1 < 0.75 THEN 3
               WHEN x.u1 < 0.90 THEN 4 WHEN x.u1 < 0.98 THEN 5 ELSE 6 END AS kind,
          FLOOR(24 * x.u3 * x.u4) AS k
        FROM (SELECT d.tenant_id, d.id AS device_id, d.seq AS n, h,
                TIMESTAMP($today - INTERVAL $dd DAY) - INTERVAL 9 HOUR + INTERVAL (h DIV 7 MOD span) SECOND AS at,
                (h MOD 1000) / 1000 AS u1, (h DIV 1000 MOD 1000) / 1000 AS u2,
                (h DIV 1000000 MOD 1000) / 1000 AS u3, (h DIV 3 MOD 997) / 997 AS u4
              FROM (SELECT d.tenant_id, d.id, d.span, n.seq, CRC32(CONCAT(d.id, ':', $dd, ':', n.seq)) AS h
                    FROM (SELECT d.id, d.tenant_id, ROUND($scale * $share) AS alerts, $span AS span
                          $from_devices JOIN seq_${dd}_to_${dd} dd) d
                    JOIN seq_1_to_$max n ON n.seq <= d.alerts) d) x) g"
  # the day's aggregates, from the rows just stored, as the ingestion
  # transaction adds them
  sql -e "SET foreign_key_checks = 0;
  INSERT INTO alert_daily (tenant_id, day, device_id, category, severity, alerts)
    SELECT tenant_id, DATE(detected_at + INTERVAL 9 HOUR), device_id, category, severity, COUNT(*)
    FROM alerts WHERE id >= $first GROUP BY 1, 2, 3, 4, 5
    ON DUPLICATE KEY UPDATE alerts = alerts + VALUES(alerts);
  INSERT INTO alert_top (tenant_id, kind, day, value_hash, device_id, value, alerts)
    SELECT t.tenant_id, t.kind, t.day, t.h, t.device_id, MIN(t.v), COUNT(*) FROM (
      SELECT tenant_id, 1 AS kind, DATE(detected_at + INTERVAL 9 HOUR) AS day,
             UNHEX(SHA2(destination, 256)) AS h, device_id, destination AS v
        FROM alerts WHERE id >= $first AND status = 'blocked' AND destination <> ''
      UNION ALL
      SELECT tenant_id, 2, DATE(detected_at + INTERVAL 9 HOUR), UNHEX(SHA2(url, 256)), device_id, url
        FROM alerts WHERE id >= $first AND status = 'blocked' AND url <> ''
      UNION ALL
      SELECT tenant_id, 3, DATE(detected_at + INTERVAL 9 HOUR), UNHEX(SHA2(source, 256)), device_id, source
        FROM alerts WHERE id >= $first AND source <> ''
    ) t GROUP BY t.tenant_id, t.kind, t.day, t.h, t.device_id
    ON DUPLICATE KEY UPDATE alerts = alerts + VALUES(alerts);
  INSERT INTO alert_day_gen (tenant_id, day, gen)
    SELECT DISTINCT tenant_id, DATE(detected_at + INTERVAL 9 HOUR), 1 FROM alerts WHERE id >= $first
    ON DUPLICATE KEY UPDATE gen = gen + 1;
  INSERT INTO alert_mail_cursor (tenant_id, last_alert_id, last_mail_at)
    SELECT tenant_id, MAX(id), '$now' FROM alerts WHERE id >= $first GROUP BY tenant_id
    ON DUPLICATE KEY UPDATE last_alert_id = GREATEST(last_alert_id, VALUES(last_alert_id));
  UPDATE devices d JOIN (SELECT device_id, MAX(detected_at) AS detected, MAX(received_at) AS received
                         FROM alerts WHERE id >= $first GROUP BY device_id) a ON a.device_id = d.id
    SET d.last_alert_at = GREATEST(COALESCE(d.last_alert_at, a.detected), a.detected),
        d.alerts_gen = d.alerts_gen + 1,
        d.alerts_received_at = GREATEST(COALESCE(d.alerts_received_at, a.received), a.received)"
  echo "  day -$dd: $(sql -e "SELECT COUNT(*) FROM alerts WHERE id >= $first") alerts, $((SECONDS - t)) s"
done
sql -e "ANALYZE TABLE tenants, users, devices, alerts, alert_daily, alert_top, alert_day_gen" >/dev/null
echo "loaded in $((SECONDS - start)) s"
sql -e "SELECT CONCAT('rows: alerts ', (SELECT COUNT(*) FROM alerts WHERE tenant_id IN ($bench_tenants)),
  ', alert_daily ', (SELECT COUNT(*) FROM alert_daily), ' (alerts counted: ', (SELECT SUM(alerts) FROM alert_daily),
  '), alert_top ', (SELECT COUNT(*) FROM alert_top))"
check
