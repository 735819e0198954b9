#!/usr/bin/env bash
# Knowledge article page and search over the 10,000-article data set
# (bench/gen-knowledge.sh), in one run with nginx serving a 2 KB static
# file so that the ratios compare across machines (§11: article page
# >= 0.10 x static, search p99 < 50 ms). Prints a table for
# docs/benchmarks.md.
#
#   ./mimamori up --var var/bench --port 18437
#   bench/gen-knowledge.sh --var var/bench
#   bench/knowledge.sh --var var/bench [BASE_URL]
#
# As a demo customer: one article page (the view counter flushes every 64
# views or 5 s per worker) and the browse list at 64 connections
# (BENCH_CONNECTIONS); searches at 8 (BENCH_SEARCH_CONNECTIONS): a rare
# word (one article), a word in one article in eight (title hits first),
# the same sorted by views, a word found nowhere, a common word (every
# article matches its body), two common words. Each row also gives the
# CPU time per request by process (nginx, the knowledge program, MariaDB;
# /proc ticks around the run): unlike req/s it hardly moves with other
# work on the machine. BENCH_ROWS=REGEX runs only the matching rows.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
VAR_DIR=$ROOT/var/bench
BASE=
while [ $# -gt 0 ]; do
  case $1 in
  --var) VAR_DIR=$2; shift 2 ;;
  -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
  http*) BASE=$1; shift ;;
  *) echo "knowledge.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
VAR_DIR=$(cd "$VAR_DIR" && pwd -P)
SOCK=$VAR_DIR/run/db/mariadb.sock
[ -S "$SOCK" ] || { echo "no MariaDB socket at $SOCK: start the stack first" >&2; exit 1; }
if [ -z "$BASE" ]; then
  port=$(cat "$VAR_DIR/port" 2>/dev/null || true)
  [ -n "$port" ] || { echo "cannot tell the stack's port: give BASE_URL" >&2; exit 1; }
  BASE=http://127.0.0.1:$port
fi
DURATION=${BENCH_DURATION:-10s}
THREADS=${BENCH_THREADS:-2}
CONNS=${BENCH_CONNECTIONS:-64}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
sql() { mariadb --no-defaults --socket="$SOCK" -uroot --batch --skip-column-names mimamori -e "$1"; }
[ "$(sql "SELECT COUNT(*) FROM kb_bases WHERE code = 'bench-kb'")" = 1 ] ||
  { echo "no benchmark data: run bench/gen-knowledge.sh first" >&2; exit 1; }
n=$(sql "SELECT COUNT(*) FROM kb_articles WHERE published = 1")

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
raise_nofile
bench_login "${BENCH_USER:-user-a@example.com}" "${BENCH_PASSWORD:-Demo#Mimamori26}"
enc() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$1"; }

# name|path|connections: the search rows at BENCH_SEARCH_CONNECTIONS (each
# search reads the whole search table: at 64 connections on a loaded
# machine the queue outlives the row and spills into the next one)
SCONNS=${BENCH_SEARCH_CONNECTIONS:-8}
rows=(
  "static|/static/bench-2k.txt|$CONNS"
  "article page KB9004242|/knowledge/KB9004242|$CONNS"
  "browse, newest first (no word)|/knowledge/|$CONNS"
  "search: one article|/knowledge/?q=$(enc '管理番号 4242 ')|$SCONNS"
  "search: one in eight, title hits first|/knowledge/?q=$(enc ランサムウェア)|$SCONNS"
  "search: sorted by views|/knowledge/?q=$(enc フィッシング)&sort=views|$SCONNS"
  "search: found nowhere|/knowledge/?q=$(enc 存在しない語句)|$SCONNS"
  "search: common word (every article)|/knowledge/?q=$(enc セキュリティ監視)|$SCONNS"
  "search: two common words|/knowledge/?q=$(enc "セキュリティ 監視")|$SCONNS"
)
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
wrk -t1 -c8 -d2s -H "Cookie: $session" "$BASE/knowledge/" >/dev/null
# one request per row first: the first search of a common word keeps its
# results (one scan, sql/027); the rows measure the searches after that
for row in "${rows[@]}"; do
  IFS='|' read -r _ path _ <<<"$row"
  curl -s -o /dev/null -H "Cookie: $session" "$BASE$path"
done
nginx_pids=$(tree "$(cat "$VAR_DIR/nginx/nginx.pid")")
app_pids=$(tree "$(cat "$VAR_DIR/run/knowledge.pid")")
db_pids=$(cat "$VAR_DIR/run/db/mariadb.pid")
hz=$(getconf CLK_TCK)
# µs per request from ticks before/after: per_request BEFORE AFTER REQUESTS
per_request() { awk -v d="$(($2 - $1))" -v n="$3" -v hz="$hz" 'BEGIN { printf "%.0f", (n > 0 ? d * 1e6 / hz / n : 0) }'; }
echo "| what ($n published articles, $DURATION) | conns | req/s | × static | p50 ms | p99 ms | non-2xx | CPU µs/req nginx | knowledge | MariaDB |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
static_rps=
i=0
for row in "${rows[@]}"; do
  IFS='|' read -r name path conns <<<"$row"
  # BENCH_ROWS=REGEX: only the rows whose name matches (and static)
  [ -z "${BENCH_ROWS:-}" ] || [ "$i" = 0 ] || [[ $name =~ $BENCH_ROWS ]] || { i=$((i + 1)); continue; }
  # shellcheck disable=SC2086 # pid lists
  read -r n1 a1 d1 <<<"$(ticks $nginx_pids) $(ticks $app_pids) $(ticks $db_pids)"
  read -r rps p50 p99 bad _ < <(wrk_row "r$i" "$conns" "$BASE$path" -H "Cookie: $session")
  # shellcheck disable=SC2086
  read -r n2 a2 d2 <<<"$(ticks $nginx_pids) $(ticks $app_pids) $(ticks $db_pids)"
  reqs=$(awk '/requests in/ {print $1}' "$work/r$i.txt")
  [ -n "$static_rps" ] || static_rps=$rps
  echo "| $name | $conns | $rps | $(ratio "$rps" "$static_rps") | $p50 | $p99 | $bad |" \
    "$(per_request "$n1" "$n2" "$reqs") | $(per_request "$a1" "$a2" "$reqs") | $(per_request "$d1" "$d2" "$reqs") |"
  i=$((i + 1))
done
echo
echo "Load average before: $load_before; after: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores."
