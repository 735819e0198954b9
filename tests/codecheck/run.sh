#!/bin/sh
# make check: tools/codecheck.py passes on the tree and reports every
# planted mistake of tests/codecheck/bad (each line marked "expect: RULE"),
# plus the SQL of an area page outside its *_db.c file.
set -u
top=${srcdir:-.}
check=$top/tools/codecheck.py
bad=$top/tests/codecheck/bad
out=${TMPDIR:-/tmp}/mm-codecheck.$$
trap 'rm -f "$out"' EXIT
passed=0
failed=0

if python3 "$check" --root "$top"; then
	passed=$((passed + 1))
else
	echo "FAIL: codecheck finds the above in the tree"
	failed=$((failed + 1))
fi

python3 "$check" --root "$bad" >"$out"
rc=$?
expected=$(cd "$bad" && grep -rnE 'expect: [a-z]' fcgi templates | sed -E \
	's/^([^:]+):([0-9]+):.*expect: ([a-z, -]+).*/\1 \2 \3/')
echo "$expected" | while read -r file line rules; do
	for rule in $(echo "$rules" | tr ',' ' '); do
		echo "$file:$line: $rule"
	done
done >"$out.want"
echo "fcgi/demo/demo_page.c sql-layer" >>"$out.want"
missing=0
while IFS= read -r want; do
	case $want in
	*" sql-layer") pattern="^${want% *}:[0-9]*: sql-layer:" ;;
	*) pattern="^$want:" ;;
	esac
	if ! grep -q "$pattern" "$out"; then
		echo "FAIL: codecheck missed $want"
		missing=$((missing + 1))
	fi
done <"$out.want"
rm -f "$out.want"
# nothing beyond the planted mistakes (fewer false alarms than findings)
extra=$(grep -v -e 'sql-layer' "$out" | while IFS= read -r f; do
	file=${f%%:*}; rest=${f#*:}; line=${rest%%:*}
	grep -nE 'expect: [a-z]' "$bad/$file" | grep -q "^$line:" || echo "$f"
done)
if [ "$rc" -eq 1 ] && [ "$missing" -eq 0 ] && [ -z "$extra" ]; then
	passed=$((passed + 1))
else
	[ -z "$extra" ] || printf 'FAIL: unexpected finding: %s\n' "$extra"
	[ "$rc" -eq 1 ] || echo "FAIL: codecheck exited $rc on the planted mistakes"
	failed=$((failed + 1))
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
