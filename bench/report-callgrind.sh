#!/usr/bin/env bash
# Instructions per threat report page (DASH-4) of one dashboard worker under
# valgrind --tool=callgrind: a figure a busy machine does not move. Needs
# the data of bench/report.sh in a running stack. The worker gets its own
# socket; requests go to it with cgi-fcgi, not through nginx. For each of
# the bench's three pages of the large tenant: the worker's instructions
# after two pages (its start, a rendering of the figures and one page more)
# are subtracted from those after two and REQUESTS more.
#
#   bench/report-callgrind.sh --var var/bench [--binary PATH] [--templates DIR] [--requests N]
#
# --binary / --templates run another build (e.g. the one before a change,
# with its templates) against the same data; the first page of each URL is
# kept in VAR/callgrind/ so two builds' pages can be compared byte for byte.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
VAR_DIR=$ROOT/var/bench
BIN=$ROOT/build/release/mimamori-dashboard
TEMPLATES=
REQUESTS=20
while [ $# -gt 0 ]; do
  case $1 in
  --var) VAR_DIR=$2; shift 2 ;;
  --binary) BIN=$(cd "$(dirname "$2")" && pwd -P)/$(basename "$2"); shift 2 ;;
  --templates) TEMPLATES=$(cd "$2" && pwd -P); shift 2 ;;
  --requests) REQUESTS=$2; shift 2 ;;
  -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
  *) echo "report-callgrind.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
VAR_DIR=$(cd "$VAR_DIR" && pwd -P)
BASE=http://127.0.0.1:$(cat "$VAR_DIR/port")
callgrind_prepare dashboard
bench_login "${BENCH_USER:-bench-report@example.com}" "${BENCH_PASSWORD:-Demo#Mimamori26}"

# page: one request for the report of $q straight to the worker, the page on stdout
page() {
  env -i REQUEST_METHOD=GET DOCUMENT_URI=/dashboard/report SCRIPT_NAME=/dashboard/report REQUEST_URI="/dashboard/report?$q" \
    QUERY_STRING="$q" HTTP_COOKIE="$session" REMOTE_ADDR=127.0.0.1 HTTP_HOST=127.0.0.1 \
    SERVER_PROTOCOL=HTTP/1.1 cgi-fcgi -bind -connect "$sock"
}
# instructions QUERY N KEEP: the worker's total after one page (kept in
# KEEP) and N more; the worker's counts are written when it stops.
# (callgrind_control does not reach a forked worker, hence one run each.)
instructions() {
  q=$1
  callgrind_count "$(($2 + 1))" "callgrind.out.$(basename "$3" .html)"
  cp "$work/first.html" "$3"
}

today=$(TZ=Asia/Tokyo date +%F)
year_from=$(TZ=Asia/Tokyo date -d "$today - 365 days" +%F)
last_month=$(TZ=Asia/Tokyo date -d "$(TZ=Asia/Tokyo date +%Y-%m-01) - 1 day" +%Y-%m)
summary=$out/summary.$(basename "$BIN").txt
echo "instructions per page (worker total after 2 + $REQUESTS pages minus after 2), $(basename "$BIN")${TEMPLATES:+ with $TEMPLATES}:" | tee "$summary"
for q in "30d|" "month|period=month&month=$last_month" "366d|period=range&from=$year_from&to=$today"; do
  name=${q%%|*} query=${q#*|}
  keep=$out/$name.$(basename "$BIN").html
  # the figures kept up to date first (through the stack), so that both
  # runs' first pages do the same work
  curl -fsS -o /dev/null -H "Cookie: $session" "$BASE/dashboard/report?$query"
  one=$(instructions "$query" 1 "$keep")
  grep -q 'id="chart-trend"' "$keep" || { echo "$name: the page shows no trend chart" >&2; exit 1; }
  more=$(instructions "$query" "$((REQUESTS + 1))" "$keep")
  awk -v n="$name" -v a="$one" -v b="$more" -v r="$REQUESTS" \
    'BEGIN { printf "  %-6s %.3f M\n", n, (b - a) / r / 1e6 }' | tee -a "$summary"
done
