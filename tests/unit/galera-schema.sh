#!/bin/sh
# make check: what a Galera cluster needs of the schema and the SQL (X-6).
# Every migration of sql/ is applied to a throwaway server; then every table
# must be InnoDB (Galera replicates nothing else) with a primary key (rows
# without one replicate badly, and wsrep_mode=REQUIRED_PRIMARY_KEY refuses
# the table), and no SQL in the programs, tools or migrations may take a
# GET_LOCK or LOCK TABLES lock (node-local on a cluster).
set -u
top=${srcdir:-.}
dir=$(mktemp -d "${TMPDIR:-/tmp}/mm-galera-schema.XXXXXX")
server=$top/tests/unit/db-server.sh
passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok: $1"; }
fail() { failed=$((failed + 1)); echo "FAIL: $1"; }
finish() {
	sh "$server" stop "$dir" >/dev/null 2>&1
	rm -rf "$dir"
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
	exit $?
}

sh "$server" start "$dir" $$ || { fail "the throwaway server did not start"; finish; }
sql() { mariadb --no-defaults --socket="$dir/db.sock" -uroot --batch --skip-column-names mm_unit -e "$1"; }

# (each file goes to the server whole, as mimamori-admin migrate sends it:
# the client would split a trigger body at its semicolons)
applied=1
for f in "$top"/sql/[0-9]*.sql; do
	if ! mariadb --no-defaults --socket="$dir/db.sock" -uroot --delimiter=@@@@ mm_unit <"$f" >"$dir/apply.log" 2>&1; then
		fail "migration $(basename "$f") does not apply: $(head -c 300 "$dir/apply.log")"
		applied=0
		break
	fi
done
if [ "$applied" -eq 1 ]; then
	tables=$(sql "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'mm_unit' AND TABLE_TYPE = 'BASE TABLE'")
	if [ "${tables:-0}" -gt 0 ]; then ok "migrations applied ($tables tables)"; else fail "no tables after the migrations"; fi
	nopk=$(sql "SELECT t.TABLE_NAME FROM information_schema.TABLES t
		LEFT JOIN information_schema.TABLE_CONSTRAINTS c ON c.TABLE_SCHEMA = t.TABLE_SCHEMA
		  AND c.TABLE_NAME = t.TABLE_NAME AND c.CONSTRAINT_TYPE = 'PRIMARY KEY'
		WHERE t.TABLE_SCHEMA = 'mm_unit' AND t.TABLE_TYPE = 'BASE TABLE' AND c.CONSTRAINT_NAME IS NULL")
	if [ -z "$nopk" ]; then ok "every table has a primary key"; else fail "tables without a primary key: $(echo $nopk)"; fi
	other=$(sql "SELECT CONCAT(TABLE_NAME, '=', ENGINE) FROM information_schema.TABLES
		WHERE TABLE_SCHEMA = 'mm_unit' AND TABLE_TYPE = 'BASE TABLE' AND ENGINE <> 'InnoDB'")
	if [ -z "$other" ]; then ok "every table is InnoDB"; else fail "tables Galera does not replicate: $(echo $other)"; fi
fi

# the migrations table mimamori-admin creates itself
if grep -A2 'CREATE TABLE IF NOT EXISTS schema_migrations' "$top/tools/mimamori-admin.c" | grep -q 'PRIMARY KEY'; then
	ok "schema_migrations has a primary key"
else
	fail "schema_migrations (tools/mimamori-admin.c) has no primary key"
fi

# SQL text in C string literals, and SQL lines of the migrations (comments
# may name the functions they avoid)
locks=$(grep -rnE --include='*.c' --include='*.h' '"[^"]*(GET_LOCK|RELEASE_LOCK|LOCK TABLES?[ "])' "$top/fcgi" "$top/tools" 2>/dev/null;
	grep -nE '^[^-]*(GET_LOCK|LOCK TABLES?[ ;])' "$top"/sql/*.sql 2>/dev/null)
if [ -z "$locks" ]; then ok "no GET_LOCK or LOCK TABLES"; else fail "node-local locks: $locks"; fi
finish
