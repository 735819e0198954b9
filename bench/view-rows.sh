#!/usr/bin/env bash
# MariaDB's CPU per recorded page view, by table shape (AUTH-11): N
# realistic view rows of BENCH_TENANTS (2,000) interleaved tenants written into scratch
# copies of
#   wide:   auth_events as it is (seven secondary indexes), unchained rows
#           then sealed by the UPDATE that numbers and hashes them;
#   narrow: page_views (sql/034), rows written chained, never updated;
#   narrow2: page_views with only its time and user indexes.
# The rows come from a scratch source table made first (not measured), so
# only the writes are counted: CPU ticks of mariadbd around each statement.
#
#   ./mimamori up --var var/dev --port 18264
#   bench/view-rows.sh --var var/dev [ROWS]      (default 200000)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
VAR_DIR=$ROOT/var/dev
if [ "${1:-}" = --var ]; then VAR_DIR=$(cd "$2" && pwd -P); shift 2; fi
ROWS=${1:-200000}
TENANTS=${BENCH_TENANTS:-2000}	# interleaved, as views of many tenants arrive
SOCK=$VAR_DIR/run/db/mariadb.sock
PID=$(cat "$VAR_DIR/run/db/mariadb.pid")
HZ=$(getconf CLK_TCK)
sql() { mariadb --no-defaults --socket="$SOCK" -uroot --batch --skip-column-names mimamori -e "$1"; }
ticks() { awk '{ print $14 + $15 }' "/proc/$PID/stat"; }
timed() {	# name sql: µs of mariadbd CPU per row
  local t0 t1
  t0=$(ticks)
  sql "SET SESSION max_statement_time = 0; $2"
  t1=$(ticks)
  awk -v n="$ROWS" -v d=$((t1 - t0)) -v hz="$HZ" -v name="$1" \
    'BEGIN { printf "%-34s %6.1f µs/row\n", name, d * 1e6 / hz / n }'
}

sql "SET GLOBAL innodb_buffer_pool_size = GREATEST(@@innodb_buffer_pool_size, 1073741824)"
sql "DROP TABLE IF EXISTS bench_vr_src, bench_vr_wide, bench_vr_narrow, bench_vr_narrow2;
  CREATE TABLE bench_vr_wide LIKE auth_events;
  CREATE TABLE bench_vr_narrow LIKE page_views;
  CREATE TABLE bench_vr_narrow2 LIKE page_views;
  ALTER TABLE bench_vr_narrow2 DROP KEY page_views_tenant_event_time, DROP KEY page_views_tenant_login_time;
  CREATE TABLE bench_vr_src ENGINE=InnoDB AS
    SELECT s.seq AS n, 1 + s.seq MOD $TENANTS AS tenant_id, 1 + s.seq DIV $TENANTS AS chain_seq,
      UTC_TIMESTAMP() - INTERVAL ($ROWS - s.seq) SECOND AS occurred_at,
      100000 + s.seq MOD 20000 AS user_id,
      CONCAT('user-', s.seq MOD 20000, '@example.com') AS login_id,
      ELT(1 + s.seq MOD 4, 'dashboard.view', 'case.view', 'report.view', 'kb.view') AS event,
      CONCAT('198.51.100.', s.seq MOD 250) AS ip,
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36' AS user_agent,
      UNHEX(SHA2(CONCAT('p', s.seq), 256)) AS prev_hash, UNHEX(SHA2(CONCAT('r', s.seq), 256)) AS row_hash
    FROM seq_1_to_$ROWS s"
echo "rows: $ROWS of $TENANTS tenants; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
timed "wide: INSERT (unchained)" \
  "INSERT INTO bench_vr_wide (occurred_at, tenant_id, user_id, login_id, event, ip, user_agent, chain_id)
   SELECT occurred_at, tenant_id, user_id, login_id, event, ip, user_agent, tenant_id FROM bench_vr_src ORDER BY n"
timed "wide: seal UPDATE (number + hash)" \
  "UPDATE bench_vr_wide w JOIN bench_vr_src s ON s.n = w.id
   SET w.chain_seq = s.chain_seq, w.prev_hash = s.prev_hash,
   w.row_hash = UNHEX(SHA2(CONCAT(s.prev_hash, w.login_id, w.event, w.ip, w.user_agent), 256))"
timed "narrow: INSERT (chained)" \
  "INSERT INTO bench_vr_narrow SELECT tenant_id, chain_seq, occurred_at, user_id, login_id, event, ip,
   user_agent, prev_hash, row_hash FROM bench_vr_src ORDER BY n"
timed "narrow2: INSERT (chained)" \
  "INSERT INTO bench_vr_narrow2 SELECT tenant_id, chain_seq, occurred_at, user_id, login_id, event, ip,
   user_agent, prev_hash, row_hash FROM bench_vr_src ORDER BY n"
timed "read of the source alone" "DO (SELECT SUM(LENGTH(user_agent) + LENGTH(login_id)) FROM bench_vr_src)"
sql "SELECT table_name, ROUND((data_length + index_length) / 1048576, 1) AS MiB FROM information_schema.tables
  WHERE table_schema = DATABASE() AND table_name LIKE 'bench_vr_%' ORDER BY table_name"
[ "${KEEP:-0}" = 1 ] || sql "DROP TABLE bench_vr_src, bench_vr_wide, bench_vr_narrow, bench_vr_narrow2"
