#!/usr/bin/env bash
# Case list and keyword search over HTTP on the 1,000,000-case data set
# (bench/gen-cases.sh), in one run with nginx serving a 2 KB static file so
# that the ratios compare across machines. Prints the "## Cases" section of
# docs/benchmarks.md; --write replaces that section in the file.
#
#   ./mimamori up --var var/bench --port 18437
#   bench/gen-cases.sh --var var/bench
#   bench/cases.sh --var var/bench [--write] [BASE_URL]
#
# The list rows run at 64 connections as a customer of the largest tenant
# (~40,000 cases): page 1, the last pages, every sort both ways. The keyword
# rows run at 8 connections (a word common enough, or a tenant whose
# search index is pending, scans up to the whole tenant; see
# docs/case-search.md):
# a common word, a rare one, one that occurs nowhere, two words; in the
# largest tenant and in a tenant of average size.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
bench_stack_args "$0" "$ROOT/var/bench" "2,15p" "$@"
DURATION=${BENCH_DURATION:-10s}
THREADS=${BENCH_THREADS:-2}
PASSWORD=${BENCH_PASSWORD:-Demo#Mimamori26}
OUT=$ROOT/docs/benchmarks.md
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }

sql() { mariadb --no-defaults --socket="$SOCK" -uroot --batch --skip-column-names mimamori -e "$1"; }
# The data set in memory, as a production server's buffer pool would hold
# it (a restarted server starts again at 128 MiB).
sql "SET GLOBAL innodb_buffer_pool_size = GREATEST(@@innodb_buffer_pool_size, ${BENCH_BUFFER_POOL:-3221225472})"
# The admin of the largest bench tenant, and of one of average size.
admin_of() {
  sql "SELECT u.login_id FROM users u JOIN (SELECT tenant_id, COUNT(*) n FROM cases
    GROUP BY tenant_id ORDER BY n DESC LIMIT $1, 1) b ON b.tenant_id = u.tenant_id
    WHERE u.login_id LIKE 'bench-%-0@example.com'"
}
cases_of() { sql "SELECT COUNT(*) FROM cases c JOIN users u ON u.tenant_id = c.tenant_id WHERE u.login_id = '$1'"; }
big_user=$(admin_of 0)
# the median tenant by size (5000 of the 10,000; smaller GEN_TENANTS sets too)
avg_user=$(admin_of "$(( $(sql "SELECT COUNT(DISTINCT tenant_id) FROM cases") / 2 ))")
[ -n "$big_user" ] || { echo "no benchmark data: run bench/gen-cases.sh first" >&2; exit 1; }
big_cases=$(cases_of "$big_user")
avg_cases=$(cases_of "$avg_user")

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# login USER -> "mm_session=…" (the bench users have no second factor)
login() {
  local jar=$work/jar.$RANDOM token code
  token=$(curl -fsS -c "$jar" -b "$jar" "$BASE/auth/login" | csrf_of)
  code=$(curl -sS -o /dev/null -w '%{http_code}' -c "$jar" -b "$jar" \
    --data-urlencode "csrf=$token" --data-urlencode "user_id=$1" \
    --data-urlencode "password=$PASSWORD" "$BASE/auth/login")
  [ "$code" = 303 ] || { echo "login as $1 failed (HTTP $code)" >&2; exit 1; }
  awk '$6 ~ /mm_session$/ {print $6 "=" $7}' "$jar"
}
big_session=$(login "$big_user")
avg_session=$(login "$avg_user")
page=$(curl -fsS -H "Cookie: $big_session" "$BASE/cases/")
grep -q "/ $big_cases " <<<"$page" ||
  { echo "the case list of $big_user does not show its $big_cases cases" >&2; exit 1; }

# A wrk script cycling through paths with a session cookie.
paths_script() {
  local name=$1 cookie=$2; shift 2
  {
    echo "local paths = {"
    for p in "$@"; do printf '  "%s",\n' "$p"; done
    echo "}"
    echo "local i = 0"
    echo "request = function()"
    echo "  i = i % #paths + 1"
    echo "  return wrk.format(\"GET\", paths[i], { [\"Cookie\"] = \"$cookie\" })"
    echo "end"
  } >"$work/$name.lua"
  echo "$work/$name.lua"
}

# run NAME CONNS URL [wrk args...] -> "rps p50_ms p99_ms non2xx"
run() { wrk_row "$@" | cut -d' ' -f1-4; }
enc() { printf %s "$1" | od -An -tx1 | tr -d ' \n' | sed 's/\(..\)/%\1/g'; }

last_page=$(( (big_cases + 19) / 20 ))
sorts=(no status category subject contact updated)
sorted_paths=()
for s in "${sorts[@]}"; do
  for d in asc desc; do
    sorted_paths+=("/cases/?sort=$s&dir=$d" "/cases/?sort=$s&dir=$d&page=$((last_page / 2))"
      "/cases/?sort=$s&dir=$d&page=$last_page")
  done
done
first=$(paths_script first "$big_session" "/cases/")
deep=$(paths_script deep "$big_session" "/cases/?page=$last_page" \
  "/cases/?sort=updated&dir=asc&page=$last_page")
mixed=$(paths_script mixed "$big_session" "${sorted_paths[@]}")
filtered=$(paths_script filtered "$big_session" "/cases/?quick=action" "/cases/?status=working&sort=subject&dir=asc" \
  "/cases/?category=3&page=20" "/cases/?mine=1" "/cases/?from=2025-01-01&to=2025-06-30&sort=no&dir=desc")

common=$(enc "VPN") rare=$(enc "Emotet") none=$(enc "量子鍵配送") two=$(enc "ＶＰＮ 遮断")
phrase=$(enc "不審なメール")
kw_big=$(paths_script kw_big "$big_session" "/cases/?q=$common" "/cases/?q=$rare" "/cases/?q=$none" \
  "/cases/?q=$two" "/cases/?q=$phrase")
kw_rare=$(paths_script kw_rare "$big_session" "/cases/?q=$rare" "/cases/?q=$none")
kw_avg=$(paths_script kw_avg "$avg_session" "/cases/?q=$common" "/cases/?q=$rare" "/cases/?q=$none" \
  "/cases/?q=$two" "/cases/?q=$phrase")

echo "warming up..." >&2
wrk -t1 -c8 -d3s -s "$mixed" "$BASE/" >/dev/null
wrk -t1 -c4 -d3s -s "$kw_big" "$BASE/" >/dev/null

read -r s_rps s_p50 s_p99 s_bad < <(run static 64 "$BASE/static/bench-2k.txt")
read -r f_rps f_p50 f_p99 f_bad < <(run first 64 "$BASE/" -s "$first")
read -r d_rps d_p50 d_p99 d_bad < <(run deep 64 "$BASE/" -s "$deep")
read -r m_rps m_p50 m_p99 m_bad < <(run mixed 64 "$BASE/" -s "$mixed")
read -r x_rps x_p50 x_p99 x_bad < <(run filtered 64 "$BASE/" -s "$filtered")
read -r k_rps k_p50 k_p99 k_bad < <(run kw_big 8 "$BASE/" -s "$kw_big")
read -r r_rps r_p50 r_p99 r_bad < <(run kw_rare 8 "$BASE/" -s "$kw_rare")
read -r a_rps a_p50 a_p99 a_bad < <(run kw_avg 8 "$BASE/" -s "$kw_avg")
read -r o_rps o_p50 o_p99 o_bad < <(run kw_rare1 1 "$BASE/" -s "$kw_rare")

cpu=$(awk -F: '/model name/ {gsub(/^ +/, "", $2); print $2; exit}' /proc/cpuinfo)
section=$work/section.md
{
  echo "## Cases: list and keyword search (CASE-3, CASE-4)"
  echo
  echo "Run: \`./mimamori up --var var/bench --port N\`, \`bench/gen-cases.sh --var var/bench\`"
  echo "(once, ~8 min), \`bench/cases.sh --var var/bench --write\`."
  echo
  echo "Measured by \`bench/cases.sh\` on the data of \`bench/gen-cases.sh\`: 10,000"
  echo "tenants, $(sql "SELECT COUNT(*) FROM cases") cases, $(sql "SELECT COUNT(*) FROM case_activity")"
  echo "comments and notes, Japanese text. Release build, MariaDB buffer pool"
  echo "holding the data. wrk: $THREADS threads, $DURATION per row; all rows in one run."
  echo "Customer of the largest tenant: $big_cases cases; of an average one: $avg_cases."
  echo "Query design: docs/case-search.md."
  echo
  echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "- Machine: $(nproc) cores, $cpu; load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  echo "| what | conns | req/s | p50 ms | p99 ms | ratio to static | non-2xx/3xx |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
  echo "| nginx static 2 KB | 64 | $s_rps | $s_p50 | $s_p99 | 1.000 | $s_bad |"
  echo "| list page 1 (updated, newest first), largest tenant | 64 | $f_rps | $f_p50 | $f_p99 | $(ratio "$f_rps" "$s_rps") | $f_bad |"
  echo "| list last page (both directions), largest tenant | 64 | $d_rps | $d_p50 | $d_p99 | $(ratio "$d_rps" "$s_rps") | $d_bad |"
  echo "| list, 6 sort columns × 2 directions × first/middle/last page | 64 | $m_rps | $m_p50 | $m_p99 | $(ratio "$m_rps" "$s_rps") | $m_bad |"
  echo "| list with filters (quick, status, category, mine, period) | 64 | $x_rps | $x_p50 | $x_p99 | $(ratio "$x_rps" "$s_rps") | $x_bad |"
  echo "| keyword, largest tenant: common, rare, absent, two words, phrase | 8 | $k_rps | $k_p50 | $k_p99 | $(ratio "$k_rps" "$s_rps") | $k_bad |"
  echo "| keyword, largest tenant: rare and absent words only | 8 | $r_rps | $r_p50 | $r_p99 | $(ratio "$r_rps" "$s_rps") | $r_bad |"
  echo "| keyword, largest tenant: rare and absent words only | 1 | $o_rps | $o_p50 | $o_p99 | $(ratio "$o_rps" "$s_rps") | $o_bad |"
  echo "| keyword, average tenant: the same five | 8 | $a_rps | $a_p50 | $a_p99 | $(ratio "$a_rps" "$s_rps") | $a_bad |"
  echo
  echo "Targets (spec §11): case list ≥ 0.07 × static with p99 < 40 ms at 64"
  echo "connections; keyword search p99 < 100 ms."
} >"$section"
cat "$section"

if [ "$WRITE" = 1 ]; then
  # Replace the section (up to the next "## " heading) or append it.
  awk -v sec="$section" '
    /^## Cases: list and keyword search/ { while ((getline l < sec) > 0) print l; skip = 1; done = 1; next }
    skip && /^## / { skip = 0; print ""; }
    !skip { print }
    END { if (!done) { print ""; while ((getline l < sec) > 0) print l } }
  ' "$OUT" >"$work/benchmarks.md"
  cp "$work/benchmarks.md" "$OUT"
  echo "written to $OUT" >&2
fi
