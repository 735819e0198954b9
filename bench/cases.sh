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
# rows run at 8 connections (the target's load; some also at 64 and 1):
# a common word, a rare one, one that occurs nowhere, two words; in the
# largest tenant and in a tenant of average size (docs/case-search.md).
# Each row starts once the previous row's queued requests are answered.
# BENCH_ROWS=REGEX runs only the rows whose name matches (first, deep, mixed,
# filtered, kw_big, kw_big64, kw_common8, kw_common, kw_two8, kw_two, kw_rare,
# kw_rare1, kw_avg), with the static row.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
bench_stack_args "$0" "$ROOT/var/bench" "2,19p" "$@"
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
big_session=$(bench_session "$big_user")
avg_session=$(bench_session "$avg_user")
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

# CPU time by process (load-independent, unlike req/s): clock ticks of
# nginx, the cases program and MariaDB, each with its children, read from
# /proc before and after every row.
nginx_pids=$(tree "$(cat "$VAR_DIR/nginx/nginx.pid")")
app_pids=$(tree "$(cat "$VAR_DIR/run/cases.pid")")
db_pids=$(cat "$VAR_DIR/run/db/mariadb.pid")
# shellcheck disable=SC2086 # pid lists
all_ticks() { echo "$(ticks $nginx_pids) $(ticks $app_pids) $(ticks $db_pids)"; }
hz=$(getconf CLK_TCK)

# drain: waits (up to 60 s) until the cases program and MariaDB have been
# idle for a fifth of a second. When wrk stops, the requests of its open
# connections are still queued at the program's workers, which answer them
# to nobody: a row after a slow 64-connection row otherwise starts behind
# seconds of that work (the 703 ms p99 of the rare words at 8 connections
# was that queue, not their own plans; docs/case-search.md).
drain() {
  local before after i
  for i in $(seq 300); do
    # shellcheck disable=SC2086 # pid lists
    before=$(( $(ticks $app_pids) + $(ticks $db_pids) ))
    sleep 0.2
    # shellcheck disable=SC2086
    after=$(( $(ticks $app_pids) + $(ticks $db_pids) ))
    [ $((after - before)) -gt 2 ] || return 0
  done
}

# run NAME CONNS URL [wrk args...] -> "rps p50_ms p99_ms non2xx stalls cpu"
# where stalls are the machine's (see wrk_row) and cpu is "nginx / cases /
# MariaDB" µs per request
run() {
  local n1 a1 d1 n2 a2 d2 row requests
  drain
  read -r n1 a1 d1 <<<"$(all_ticks)"
  row=$(wrk_row "$@" | cut -d' ' -f1-4,6)
  read -r n2 a2 d2 <<<"$(all_ticks)"
  requests=$(awk '/requests in/ {print $1}' "$work/$1.txt")
  echo "$row $(awk -v n="$((n2 - n1))" -v a="$((a2 - a1))" -v d="$((d2 - d1))" -v r="$requests" -v hz="$hz" \
    'BEGIN { f = 1e6 / hz / (r > 0 ? r : 1); printf "%.0f&nbsp;/&nbsp;%.0f&nbsp;/&nbsp;%.0f", n * f, a * f, d * f }')"
}
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

kw_common=$(paths_script kw_common "$big_session" "/cases/?q=$common" "/cases/?q=$common&page=2" \
  "/cases/?q=$common&page=50")
kw_two=$(paths_script kw_two "$big_session" "/cases/?q=$two" "/cases/?q=$(enc "VPN 通信")")

rows=$work/rows
: >"$rows"
# row LABEL NAME CONNS URL [wrk args...]: one table row
row() {
  local label=$1 name=$2 conns=$3 rps p50 p99 bad stalls cpu
  shift 2
  # BENCH_ROWS=REGEX: only the rows whose name matches (and static)
  [ -z "${BENCH_ROWS:-}" ] || [ "$name" = static ] || [[ $name =~ $BENCH_ROWS ]] || return 0
  read -r rps p50 p99 bad stalls cpu < <(run "$name" "$@")
  [ "$name" != static ] || s_rps=$rps
  echo "| $label | $conns | $rps | $p50 | $p99 | $(ratio "$rps" "$s_rps") | $bad | $cpu | $stalls |" >>"$rows"
}
row "nginx static 2 KB" static 64 "$BASE/static/bench-2k.txt"
row "list page 1 (updated, newest first), largest tenant" first 64 "$BASE/" -s "$first"
row "list last page (both directions), largest tenant" deep 64 "$BASE/" -s "$deep"
row "list, 6 sort columns × 2 directions × first/middle/last page" mixed 64 "$BASE/" -s "$mixed"
row "list with filters (quick, status, category, mine, period)" filtered 64 "$BASE/" -s "$filtered"
row "keyword, largest tenant: common, rare, absent, two words, phrase" kw_big 8 "$BASE/" -s "$kw_big"
row "keyword, largest tenant: common, rare, absent, two words, phrase" kw_big64 64 "$BASE/" -s "$kw_big"
row "keyword, largest tenant: common word 「VPN」, pages 1, 2, 50" kw_common8 8 "$BASE/" -s "$kw_common"
row "keyword, largest tenant: common word 「VPN」, pages 1, 2, 50" kw_common 64 "$BASE/" -s "$kw_common"
row "keyword, largest tenant: two words" kw_two8 8 "$BASE/" -s "$kw_two"
row "keyword, largest tenant: two words" kw_two 64 "$BASE/" -s "$kw_two"
row "keyword, largest tenant: rare and absent words only" kw_rare 8 "$BASE/" -s "$kw_rare"
row "keyword, largest tenant: rare and absent words only" kw_rare1 1 "$BASE/" -s "$kw_rare"
row "keyword, average tenant: the same five" kw_avg 8 "$BASE/" -s "$kw_avg"

cpu=$(awk -F: '/model name/ {gsub(/^ +/, "", $2); print $2; exit}' /proc/cpuinfo)
section=$work/section.md
{
  echo "## Cases: list and keyword search (CASE-3, CASE-4)"
  echo
  echo "Run: \`./mimamori up --var var/bench --port N\`, \`bench/gen-cases.sh --var var/bench\`"
  echo "(once, ~8 min), \`bench/cases.sh --var var/bench --write\`."
  echo
  echo "Measured by \`bench/cases.sh\` on the data of \`bench/gen-cases.sh\`:"
  echo "$(sql "SELECT COUNT(DISTINCT tenant_id) FROM cases") tenants, $(sql "SELECT COUNT(*) FROM cases") cases, $(sql "SELECT COUNT(*) FROM case_activity")"
  echo "comments and notes, Japanese text. Release build, MariaDB buffer pool"
  echo "holding the data. wrk: $THREADS threads, $DURATION per row; all rows in one run."
  echo "Customer of the largest tenant: $big_cases cases; of an average one: $avg_cases."
  echo "Query design: docs/case-search.md."
  echo
  echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "- Machine: $(nproc) cores, $cpu; load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  echo "| what | conns | req/s | p50 ms | p99 ms | ratio to static | non-2xx/3xx | CPU µs per request: nginx / cases / MariaDB | machine stalls: longest ms / over 50 ms |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
  cat "$rows"
  echo
  echo "Targets (spec §11): case list ≥ 0.07 × static with p99 < 40 ms at 64"
  echo "connections; keyword search p99 < 100 ms. The last column is"
  echo "bench/stallwatch.c's, run beside each row: a 1 ms sleep that overslept"
  echo "by that much held up every request in flight on the machine."
} >"$section"
cat "$section"

if [ "$WRITE" = 1 ]; then bench_write_section "Cases: list and keyword search" "$section" "$OUT"; fi

