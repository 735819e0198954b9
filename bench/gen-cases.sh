#!/usr/bin/env bash
# Loads the case benchmark data set into the database of a running stack:
# 10,000 tenants, 1,000,000 cases, ~3,000,000 comments and notes, one search
# row per case (bench/gen-cases.c writes the files, LOAD DATA loads them).
# Meant for a stack of its own, never the test stack:
#
#   ./mimamori up --var var/bench --port 18437
#   bench/gen-cases.sh --var var/bench            # once; a second run stops
#   bench/gen-cases.sh --var var/bench --reset    # remove the bench rows first
#   GEN_CASES=10000 GEN_TENANTS=100 GEN_LARGEST=2000 bench/gen-cases.sh ...
#
# Bench users (bench-tNNNNN-K@example.com, K=0 is the tenant's admin) get the
# demo password; the largest tenant is printed at the end. The server's
# buffer pool is raised for the session (SET GLOBAL, gone at its restart)
# so that the data set fits in memory as it would on a production server.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
VAR_DIR=$ROOT/var/bench
RESET=0
while [ $# -gt 0 ]; do
  case $1 in
  --var) VAR_DIR=$2; shift 2 ;;
  --reset) RESET=1; shift ;;
  -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
  *) echo "gen-cases.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
VAR_DIR=$(cd "$VAR_DIR" && pwd -P)
SOCK=$VAR_DIR/run/db/mariadb.sock
[ -S "$SOCK" ] || { echo "no MariaDB socket at $SOCK: start the stack first" >&2; exit 1; }
BUFFER_POOL=${GEN_BUFFER_POOL:-3221225472}   # 3 GiB

sql() { mariadb --no-defaults --socket="$SOCK" -uroot --batch --skip-column-names mimamori "$@"; }

if [ "$RESET" = 1 ]; then
  echo "removing the benchmark rows"
  bench_tenants="SELECT id FROM tenants WHERE customer_no LIKE 'B1%'"
  sql -e "DELETE FROM search_grams WHERE scope = 1 AND tenant_id IN ($bench_tenants);
    DELETE FROM search_pending WHERE scope = 1 AND tenant_id IN ($bench_tenants)"
  for table in case_search case_activity cases; do
    sql -e "DELETE FROM $table WHERE tenant_id IN ($bench_tenants)"
  done
  sql -e "DELETE FROM users WHERE login_id LIKE 'bench-%';
    DELETE FROM contracts WHERE tenant_id IN ($bench_tenants);
    DELETE FROM tenants WHERE customer_no LIKE 'B1%'"
fi
if [ "$(sql -e "SELECT COUNT(*) FROM tenants WHERE customer_no LIKE 'B1%'")" != 0 ]; then
  echo "benchmark data already loaded in $VAR_DIR"
  exit 0
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/mm-gen-cases.XXXXXX")
trap 'rm -rf "$work"' EXIT

cc -std=c11 -O2 -Wall -Wextra -Wformat=2 -Wshadow -Wstrict-prototypes \
  -Wmissing-prototypes -D_GNU_SOURCE -I "$ROOT/fcgi/core" \
  "$ROOT/bench/gen-cases.c" "$ROOT/fcgi/core/mm_fold.c" "$ROOT/fcgi/core/mm_buf.c" \
  -o "$work/gen-cases"

categories=$(sql -e "SELECT GROUP_CONCAT(id ORDER BY FIELD(code, 'service', 'product',
  'alert', 'failure', 'monthly_report', 'other', 'work_request',
  'monthly_report_delivery', 'alarm', 'health_check', 'credit_overrun'))
  FROM case_categories WHERE code IN ('service', 'product', 'alert', 'failure',
  'monthly_report', 'other', 'work_request', 'monthly_report_delivery', 'alarm',
  'health_check', 'credit_overrun')")
next_id() { sql -e "SELECT COALESCE(MAX(id), 0) + 1 FROM $1"; }
first_ids=$(next_id tenants),$(next_id contracts),$(next_id users),$(next_id cases),$(next_id case_activity)
sql -e "SELECT case_no FROM cases" >"$work/taken"

start=$(date +%s)
"$work/gen-cases" --out "$work" --categories "$categories" --first-ids "$first_ids" \
  --taken "$work/taken" --tenants "${GEN_TENANTS:-10000}" --cases "${GEN_CASES:-1000000}" \
  --largest "${GEN_LARGEST:-40000}" | tee "$work/summary"
echo "generated in $(($(date +%s) - start)) s ($(du -sh "$work" | cut -f1))"

mariadb --no-defaults --socket="$SOCK" -uroot -e "SET GLOBAL innodb_buffer_pool_size = $BUFFER_POOL"
load() {
  local table=$1 cols=$2
  echo "loading $table"
  sql --local-infile=1 -e "SET unique_checks = 0; SET foreign_key_checks = 0;
    LOAD DATA LOCAL INFILE '$work/$table.tsv' INTO TABLE $table
    CHARACTER SET utf8mb4 ($cols)"
  rm -f "$work/$table.tsv"
}
start=$(date +%s)
load tenants "id, customer_no, name, created_at"
load contracts "id, tenant_id, application_id, service_name, plan, contract_type, start_date, next_renewal_date, created_at"
load users "id, tenant_id, login_id, email, display_name, role, password_hash, lang, created_at"
load cases "id, case_no, tenant_id, contract_id, category_id, status, subject, description, contact_user_id, opened_by_user_id, assignee_user_id, version, created_at, updated_at, closed_at"
load case_activity "id, case_id, tenant_id, author_user_id, kind, body, status_from, status_to, created_at"
load case_search "case_id, tenant_id, folded"

# The demo password for the bench users (logins for the HTTP benchmark).
sql -e "UPDATE users SET password_hash = (SELECT password_hash FROM
  (SELECT password_hash FROM users WHERE login_id = 'admin-a@example.com') d)
  WHERE login_id LIKE 'bench-%'"
sql -e "ANALYZE TABLE tenants, users, cases, case_activity, case_search" >/dev/null
echo "loaded in $(($(date +%s) - start)) s"
sql -e "SELECT CONCAT('rows: cases ', (SELECT COUNT(*) FROM cases), ', activity ',
  (SELECT COUNT(*) FROM case_activity), ', search ', (SELECT COUNT(*) FROM case_search))"

# The rows were loaded around the programs: their tenants are marked
# pending in the search side index (their searches scan) and the largest
# tenant's index is built, as an administrator would after such a load
# (GEN_REINDEX=all rebuilds every tenant: ~150 million entries, hours on a
# busy machine; GEN_REINDEX=none skips it).
sql -e "INSERT IGNORE INTO search_pending (scope, tenant_id)
  SELECT DISTINCT 1, s.tenant_id FROM case_search s JOIN tenants t ON t.id = s.tenant_id
  WHERE t.customer_no LIKE 'B1%'"
ADMIN=${GEN_ADMIN:-$ROOT/build/release/mimamori-admin}
case ${GEN_REINDEX:-largest} in
none) ;;
all) "$ADMIN" --config "$VAR_DIR/mimamori.hdf" search-reindex ;;
*)
  largest=$(sql -e "SELECT t.customer_no FROM cases c JOIN tenants t ON t.id = c.tenant_id
    WHERE t.customer_no LIKE 'B1%' GROUP BY c.tenant_id ORDER BY COUNT(*) DESC LIMIT 1")
  start=$(date +%s)
  "$ADMIN" --config "$VAR_DIR/mimamori.hdf" search-reindex --tenant "$largest"
  echo "search index of $largest built in $(($(date +%s) - start)) s"
  ;;
esac
