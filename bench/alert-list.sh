#!/usr/bin/env bash
# The alert list of the large bench tenant (bench/gen-big-tenant.sh): rows
# InnoDB reads (Handler_read_*) and server time of each statement the page
# runs, old form against new, in the mariadb client on the stack's socket
# (load-independent: the rows read do not change with the machine's load).
#
#   bench/alert-list.sh --var var/bench
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
VAR_DIR=$ROOT/var/bench
[ "${1:-}" != --var ] || VAR_DIR=$2
SOCK=$(cd "$VAR_DIR" && pwd -P)/run/db/mariadb.sock
sql() { mariadb --no-defaults --socket="$SOCK" -uroot --batch --skip-column-names mimamori -e "$1"; }
T=$(sql "SELECT id FROM tenants WHERE customer_no = 'B300000001'")
[ -n "$T" ] || { echo "no large bench tenant: run bench/gen-big-tenant.sh first" >&2; exit 1; }
FROM=" FROM alerts a JOIN devices d ON d.id = a.device_id AND d.status = 'registered' WHERE a.tenant_id = $T"
COLS="SELECT a.id, a.device_id, a.detected_at, a.received_at, a.severity, a.category, a.source, a.destination, a.url, a.status, d.name, d.mac, d.serial"
# the key of the row before page 25,000 (newest first)
KEY=$(sql "SELECT CONCAT(\"'\", detected_at, \"', \", id) FROM alerts WHERE tenant_id = $T ORDER BY detected_at DESC, id DESC LIMIT 1 OFFSET 499979")
KEY_AT=${KEY%%,*}; KEY_ID=${KEY##*, }
measure() {
  local what=$1 stmt=$2
  local out
  out=$(sql "FLUSH STATUS; SET @t = SYSDATE(6); $stmt; SELECT CONCAT('ms=', ROUND(TIMESTAMPDIFF(MICROSECOND, @t, SYSDATE(6)) / 1000, 1));
    SELECT CONCAT('rows_read=', SUM(VARIABLE_VALUE)) FROM information_schema.SESSION_STATUS
    WHERE VARIABLE_NAME IN ('HANDLER_READ_KEY', 'HANDLER_READ_NEXT', 'HANDLER_READ_PREV', 'HANDLER_READ_RND_NEXT', 'HANDLER_READ_FIRST', 'HANDLER_READ_LAST')" | tail -2 | tr '\n' ' ')
  printf '| %s | %s |\n' "$what" "$out"
}
echo "large tenant $T: $(sql "SELECT COUNT(*) FROM alert_daily WHERE tenant_id = $T") alert_daily rows; load $(cut -d' ' -f1 /proc/loadavg)"
echo "| statement | server time, rows read |"
echo "|---|---|"
measure "count, no filter: COUNT(*) of the rows (before)" "SELECT COUNT(*) $FROM"
measure "count, no filter: from alert_daily" "SELECT SUM(ad.alerts) FROM alert_daily ad JOIN devices d ON d.id = ad.device_id AND d.status = 'registered' WHERE ad.tenant_id = $T AND ad.severity BETWEEN 1 AND 3"
measure "page 1, newest first" "$COLS $FROM ORDER BY a.detected_at DESC, a.id DESC LIMIT 20 OFFSET 0"
measure "page 25,000 by OFFSET (before)" "$COLS $FROM ORDER BY a.detected_at DESC, a.id DESC LIMIT 20 OFFSET 499980"
KFROM=" FROM alerts a FORCE INDEX (alerts_list_detected) JOIN devices d ON d.id = a.device_id AND d.status = 'registered' WHERE a.tenant_id = $T"
measure "page 25,000 by key (after=)" "$COLS $KFROM AND a.detected_at <= $KEY_AT AND (a.detected_at < $KEY_AT OR a.id < $KEY_ID) ORDER BY a.detected_at DESC, a.id DESC LIMIT 20"
