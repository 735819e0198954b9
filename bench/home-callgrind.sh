#!/usr/bin/env bash
# Instructions per home page (GET /, DASH-1, DASH-2) of one dashboard worker
# under valgrind --tool=callgrind: a figure a busy machine does not move.
# The worker gets its own socket; requests go to it with cgi-fcgi, not
# through nginx. The worker's instructions after one page (its start and
# the first page) are subtracted from those after one and REQUESTS more;
# a third run collects inside the requests only (mm_handle_request) and
# keeps its callgrind file in VAR/callgrind/ for callgrind_annotate.
#
#   bench/home-callgrind.sh --var var/bench [--binary PATH] [--user LOGIN]
#                           [--requests N] [--no-views] [--templates DIR]
#
# --no-views runs the worker with History.PageViews = 0 (no page-view
# event); --binary / --templates run another build or other templates
# against the same data.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
VAR_DIR=$ROOT/var/bench
BIN=$ROOT/build/release/mimamori-dashboard
REQUESTS=20
USER_ID=admin-a@example.com
VIEWS=1
TEMPLATES=
while [ $# -gt 0 ]; do
  case $1 in
  --var) VAR_DIR=$2; shift 2 ;;
  --binary) BIN=$(cd "$(dirname "$2")" && pwd -P)/$(basename "$2"); shift 2 ;;
  --user) USER_ID=$2; shift 2 ;;
  --requests) REQUESTS=$2; shift 2 ;;
  --no-views) VIEWS=0; shift ;;
  --templates) TEMPLATES=$(cd "$2" && pwd -P); shift 2 ;;
  -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
  *) echo "home-callgrind.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
VAR_DIR=$(cd "$VAR_DIR" && pwd -P)
BASE=http://127.0.0.1:$(cat "$VAR_DIR/port")
callgrind_prepare dashboard
[ "$VIEWS" = 1 ] || printf '\nHistory.PageViews = 0\n' >>"$conf"
bench_login "$USER_ID" "${BENCH_PASSWORD:-Demo#Mimamori26}"

page() {
  env -i REQUEST_METHOD=GET DOCUMENT_URI=/ SCRIPT_NAME=/ REQUEST_URI=/ QUERY_STRING= \
    HTTP_COOKIE="$session" REMOTE_ADDR=127.0.0.1 HTTP_HOST=127.0.0.1 HTTP_USER_AGENT=bench \
    SERVER_PROTOCOL=HTTP/1.1 cgi-fcgi -bind -connect "$sock"
}
# instructions N: the worker's total after N pages (written when it stops;
# callgrind_control does not reach a forked worker, hence one run each)
instructions() {
  callgrind_count "$1" "callgrind.out.home.$(basename "$BIN")" ${2:+--toggle-collect=mm_handle_request}
  grep -q 'id="display-name"' "$work/first.html" || { echo "the home page did not render" >&2; exit 1; }
}
one=$(instructions 1)
more=$(instructions "$((REQUESTS + 1))")
# and a profile of the requests alone (start-up left out) for callgrind_annotate
instructions "$((REQUESTS + 1))" requests >/dev/null
awk -v a="$one" -v b="$more" -v r="$REQUESTS" -v u="$USER_ID" -v v="$VIEWS" -v bin="$(basename "$BIN")" \
  'BEGIN { printf "%s, %s, page views %s: %.0f instructions per home page (%d pages)\n", bin, u, (v ? "on" : "off"), (b - a) / r, r }'
echo "callgrind file: $out/callgrind.out.home.$(basename "$BIN")"
