#!/usr/bin/env bash
# Instructions per knowledge article page (KB-1) of one knowledge worker
# under valgrind --tool=callgrind: a figure a busy machine does not move.
# Needs the data of bench/gen-knowledge.sh in a running stack. The worker
# gets its own socket; requests go to it with cgi-fcgi, not through nginx.
# The worker's instructions after two pages (its start and a first page)
# are subtracted from those after two and REQUESTS more, so the figure is
# what one more page costs. The last run's profile is kept in
# VAR/callgrind/ (callgrind_annotate --inclusive=yes FILE lists it by
# function), with the first page, so two builds' pages compare byte for
# byte.
#
#   bench/knowledge-callgrind.sh --var var/bench [--binary PATH] [--templates DIR]
#                                [--requests N] [--article KB9004242] [--set "Key = value"]
#                                [--page "/knowledge/?q=..."]
#
# --binary / --templates run another build (e.g. the one before a change,
# with its templates) against the same data; --set adds a line to the
# worker's config (e.g. "History.PageViews = 0"); --page measures another
# page of the program (a search: path and query string, the query
# percent-encoded) instead of the article. BENCH_FUNCTIONS=N also
# lists the N functions whose instructions per page (inclusive) grew most.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
VAR_DIR=$ROOT/var/bench
BIN=$ROOT/build/release/mimamori-knowledge
TEMPLATES=
REQUESTS=50
ARTICLE=KB9004242
EXTRA=
PAGE=
while [ $# -gt 0 ]; do
  case $1 in
  --var) VAR_DIR=$2; shift 2 ;;
  --binary) BIN=$(cd "$(dirname "$2")" && pwd -P)/$(basename "$2"); shift 2 ;;
  --templates) TEMPLATES=$(cd "$2" && pwd -P); shift 2 ;;
  --requests) REQUESTS=$2; shift 2 ;;
  --article) ARTICLE=$2; shift 2 ;;
  --set) EXTRA=$2; shift 2 ;;
  --page) PAGE=$2; shift 2 ;;
  -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
  *) echo "knowledge-callgrind.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
VAR_DIR=$(cd "$VAR_DIR" && pwd -P)
BASE=http://127.0.0.1:$(cat "$VAR_DIR/port")
callgrind_prepare knowledge
[ -z "$EXTRA" ] || printf '\n%s\n' "$EXTRA" >>"$conf"
bench_login "${BENCH_USER:-user-a@example.com}" "${BENCH_PASSWORD:-Demo#Mimamori26}"

path=${PAGE:-/knowledge/$ARTICLE}
query=
case $path in *\?*) query=${path#*\?}; path=${path%%\?*} ;; esac
page() {
  env -i REQUEST_METHOD=GET DOCUMENT_URI="$path" SCRIPT_NAME="$path" REQUEST_URI="$path${query:+?$query}" \
    QUERY_STRING="$query" HTTP_COOKIE="$session" REMOTE_ADDR=127.0.0.1 HTTP_HOST=127.0.0.1 \
    SERVER_PROTOCOL=HTTP/1.1 cgi-fcgi -bind -connect "$sock"
}
# instructions N KEEP TAG: the worker's total after one page (kept in KEEP)
# and N more (its profile kept as callgrind.out.article.TAG.BINARY); the
# worker's counts are written when it stops (callgrind_control does not
# reach a forked worker, hence one run each).
instructions() {
  callgrind_count "$(($1 + 1))" "callgrind.out.article.$3.$(basename "$BIN")"
  cp "$work/first.html" "$2"
}

keep=$out/article.$(basename "$BIN").html
one=$(instructions 1 "$keep" 2)
[ -n "$PAGE" ] || grep -q 'id="article-title"' "$keep" || { echo "the page shows no article" >&2; exit 1; }
grep -q '^Status: 200' "$keep" || { echo "the page did not answer 200" >&2; exit 1; }
more=$(instructions "$((REQUESTS + 1))" "$keep" "$((REQUESTS + 2))")
awk -v a="$one" -v b="$more" -v r="$REQUESTS" -v bin="$(basename "$BIN")" -v x="$EXTRA" \
  -v p="$path${query:+?$query}" 'BEGIN { printf "%s%s: %.0f instructions per page %s (%d pages)\n", bin, (x == "" ? "" : " [" x "]"), (b - a) / r, p, r }'
# by function: what the REQUESTS pages added (inclusive, per page)
by_function() {
  callgrind_annotate --inclusive=yes --threshold=100 "$1" 2>/dev/null |
    awk '/Auto-annotated source/ { exit }
      /^ *[0-9,]+ \( *[0-9.]+%\)  / { n = $1; gsub(",", "", n); sub(/^ *[0-9,]+ \( *[0-9.]+%\) +/, "");
        sub(/ \[.*/, ""); sub(/^.*\/(fcgi|build)\//, ""); if (!(($0) in s)) s[$0] = n }
      END { for (f in s) print s[f] "\t" f }'
}
if [ -n "${BENCH_FUNCTIONS:-}" ]; then
  pre=$out/callgrind.out.article
  join -t "$(printf '\t')" -1 2 -2 2 -a 2 -e 0 -o 0,1.1,2.1 \
    <(by_function "$pre.2.$(basename "$BIN")" | sort -t "$(printf '\t')" -k2,2) \
    <(by_function "$pre.$((REQUESTS + 2)).$(basename "$BIN")" | sort -t "$(printf '\t')" -k2,2) |
    awk -F '\t' -v r="$REQUESTS" '{ d = ($3 - $2) / r; if (d >= 2000) printf "%9.0f  %s\n", d, $1 }' |
    sort -rn | head -n "$BENCH_FUNCTIONS"
fi
