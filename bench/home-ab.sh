#!/usr/bin/env bash
# Two dashboard builds on the home page of the bench/gen-dashboard.sh data,
# in interleaved rounds (A B, B A, …): the rows of bench/dashboard.sh (one
# tenant, 64 tenants in turn with one session each), each beside nginx's
# static file, with the server CPU per page by process (nginx, dashboard,
# MariaDB) and what MariaDB counted per page over the row: statements,
# InnoDB row-lock waits and their time, buffer pool page requests, rows
# read by key and next, rows written (Handler_write, Handler_update).
# Build A is the dashboard binary and templates given; build B the
# stack's own (build/release, templates/).
#
#   bench/home-ab.sh --var var/bench-dashboard --before-bin var/before/mimamori-dashboard \
#                    --before-templates var/before/templates [--rounds 2]
#
# BENCH_DURATION (10s) is each row's length. The dashboard is restarted
# for each build with a copy of the stack's configuration; `./mimamori up`
# puts the stack's own back.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
VAR_DIR=$ROOT/var/bench
A_BIN=
A_TEMPLATES=
ROUNDS=2
while [ $# -gt 0 ]; do
  case $1 in
  --var) VAR_DIR=$2; shift 2 ;;
  --before-bin) A_BIN=$(cd "$(dirname "$2")" && pwd -P)/$(basename "$2"); shift 2 ;;
  --before-templates) A_TEMPLATES=$(cd "$2" && pwd -P); shift 2 ;;
  --rounds) ROUNDS=$2; shift 2 ;;
  -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
  *) echo "home-ab.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
[ -n "$A_BIN" ] && [ -n "$A_TEMPLATES" ] || { echo "give --before-bin and --before-templates" >&2; exit 2; }
VAR_DIR=$(cd "$VAR_DIR" && pwd -P)
SOCK=$VAR_DIR/run/db/mariadb.sock
BASE=http://127.0.0.1:$(cat "$VAR_DIR/port")
CONFIG=$VAR_DIR/mimamori.hdf
DURATION=${BENCH_DURATION:-10s}
THREADS=${BENCH_THREADS:-2}
PASSWORD=${BENCH_PASSWORD:-Demo#Mimamori26}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
sql() { mariadb --no-defaults --socket="$SOCK" -uroot --batch --skip-column-names mimamori -e "$1"; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
raise_nofile

# the sessions of bench/dashboard.sh: the largest tenant, and every 150th
one=$(bench_session bench-dash-00000001@example.com)
dashboard_home_scripts "$one"

use_build() {
  if [ "$1" = A ]; then
    RESTART_BIN=$A_BIN restart_with dashboard "Paths.Templates = $A_TEMPLATES"
  else
    RESTART_BIN=$ROOT/build/release/mimamori-dashboard restart_with dashboard "Paths.Templates = $ROOT/templates"
  fi
  curl -fsS -H "Cookie: $one" "$BASE/" | grep -q 'id="count-high"' ||
    { echo "build $1: the home page shows no threat counts" >&2; exit 1; }
  wrk -t1 -c8 -d3s -s "$home_many" "$BASE/" >/dev/null
}

# MariaDB's global counters of interest, as "name value" lines
COUNTERS="'Questions','Innodb_row_lock_waits','Innodb_row_lock_time','Innodb_buffer_pool_read_requests','Handler_read_key','Handler_read_next','Handler_write','Handler_update'"
counters() { sql "SELECT LOWER(VARIABLE_NAME), VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME IN ($COUNTERS) ORDER BY 1"; }

rows_one=$work/rows-one
rows_many=$work/rows-many
db_rows=$work/db-rows
: >"$rows_one"; : >"$rows_many"; : >"$db_rows"
measure() {
  local round=$1 build=$2 name=$3 lua=$4 out=$5 before after reqs
  before=$(counters)
  row=$(ab_measure "$name" 64 "$BASE/" dashboard -s "$lua")
  after=$(counters)
  reqs=$(awk '/requests in/ {print $1}' "$work/$name.txt")
  echo "$round $build $row" >>"$out"
  # the counters include the static row's nothing and the page row's pages
  paste <(echo "$before") <(echo "$after") | awk -v r="$round" -v b="$build" -v n="$name" -v q="$reqs" \
    '{ d[$1] = $4 - $2 } END { printf "%s %s %s %.2f %.4f %.3f %.1f %.1f %.1f %.3f %.3f\n", r, b, n,
       d["questions"] / q, d["innodb_row_lock_waits"] / q, d["innodb_row_lock_time"], d["innodb_buffer_pool_read_requests"] / q,
       d["handler_read_key"] / q, d["handler_read_next"] / q, d["handler_write"] / q, d["handler_update"] / q }' >>"$db_rows"
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)  ($(date -u '+%Y-%m-%d %H:%M:%S UTC'))"
for round in $(seq 1 "$ROUNDS"); do
  order="A B"; [ $((round % 2)) = 0 ] && order="B A"
  for build in $order; do
    use_build "$build"
    measure "$round" "$build" "one-$round-$build" "$home_one" "$rows_one"
    measure "$round" "$build" "many-$round-$build" "$home_many" "$rows_many"
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)  ($(date -u '+%Y-%m-%d %H:%M:%S UTC'))"
RESTART_BIN=$ROOT/build/release/mimamori-dashboard restart_with dashboard "Paths.Templates = $ROOT/templates"

echo
echo "### Home, one tenant (A = before, B = after)"
echo
ab_summary "$rows_one" before after
echo
echo "### Home, 64 tenants in turn"
echo
ab_summary "$rows_many" before after
echo
echo "### MariaDB per page (global counters over the page row)"
echo
echo "| round | build | row | statements | row-lock waits | lock time ms (row) | buffer pool requests | read_key | read_next | Handler_write | Handler_update |"
echo "|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"
awk '{ printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, ($2 == "A" ? "before" : "after"), $3, $4, $5, $6, $7, $8, $9, $10, $11 }' "$db_rows"
