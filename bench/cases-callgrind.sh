#!/usr/bin/env bash
# Instructions per case list page (CASE-3, CASE-4) of one cases worker under
# valgrind --tool=callgrind: a figure a busy machine does not move. Needs
# the data of bench/gen-cases.sh in a running stack. The worker gets its own
# socket; requests go to it with cgi-fcgi, not through nginx. For each URL
# the worker's instructions after two pages are subtracted from those after
# two and REQUESTS more (its start and first statements' preparation left
# out). The callgrind files are kept in VAR/callgrind/ (callgrind_annotate).
#
#   bench/cases-callgrind.sh --var var/bench [--binary PATH] [--requests N] [QUERY...]
#
# QUERY: the list's query strings ("" = page 1; default: page 1, the last
# page, 「VPN」 page 50), as the largest bench tenant's admin.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
VAR_DIR=$ROOT/var/bench
BIN=$ROOT/build/release/mimamori-cases
REQUESTS=20
while [ $# -gt 0 ]; do
  case $1 in
  --var) VAR_DIR=$2; shift 2 ;;
  --binary) BIN=$(cd "$(dirname "$2")" && pwd -P)/$(basename "$2"); shift 2 ;;
  --requests) REQUESTS=$2; shift 2 ;;
  -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
  --) shift; break ;;
  -*) echo "cases-callgrind.sh: unknown argument $1" >&2; exit 2 ;;
  *) break ;;
  esac
done
VAR_DIR=$(cd "$VAR_DIR" && pwd -P)
BASE=http://127.0.0.1:$(cat "$VAR_DIR/port")
SOCK=$VAR_DIR/run/db/mariadb.sock
callgrind_prepare cases

user=$(mariadb --no-defaults --socket="$SOCK" -uroot --batch --skip-column-names mimamori -e \
  "SELECT u.login_id FROM users u JOIN (SELECT tenant_id, COUNT(*) n FROM cases
   GROUP BY tenant_id ORDER BY n DESC LIMIT 1) b ON b.tenant_id = u.tenant_id
   WHERE u.login_id LIKE 'bench-%-0@example.com'")
[ -n "$user" ] || { echo "no benchmark data: run bench/gen-cases.sh first" >&2; exit 1; }
bench_login "$user" "${BENCH_PASSWORD:-Demo#Mimamori26}"
# shellcheck disable=SC2154 # session: set by bench_login
if [ $# -eq 0 ]; then
  total=$(curl -fsS -H "Cookie: $session" "$BASE/cases/" | sed -n 's|.* / \([0-9]*\) 件.*|\1|p' | head -n 1)
  set -- "" "page=$(( (total + 19) / 20 ))" "q=VPN&page=50"
fi

page() {
  env -i REQUEST_METHOD=GET DOCUMENT_URI=/cases/ SCRIPT_NAME=/cases/ REQUEST_URI="/cases/?$q" \
    QUERY_STRING="$q" HTTP_COOKIE="$session" REMOTE_ADDR=127.0.0.1 HTTP_HOST=127.0.0.1 \
    SERVER_PROTOCOL=HTTP/1.1 cgi-fcgi -bind -connect "$sock"
}
# instructions QUERY N NAME: the worker's total after N pages
instructions() {
  q=$1
  callgrind_count "$2" "callgrind.out.cases.$3"
  grep -q 'id="list-count"' "$work/last.html" || { echo "$1: no case list" >&2; exit 1; }
}

echo "instructions per list page (worker after 2 + $REQUESTS pages minus after 2), $(basename "$BIN"):"
i=0
for q in "$@"; do
  i=$((i + 1))
  one=$(instructions "$q" 2 "$i.base")
  more=$(instructions "$q" "$((REQUESTS + 2))" "$i")
  awk -v n="${q:-page 1}" -v a="$one" -v b="$more" -v r="$REQUESTS" \
    'BEGIN { printf "  %-24s %.3f M\n", n, (b - a) / r / 1e6 }'
done
