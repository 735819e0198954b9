#!/usr/bin/env bash
# Work request pages over HTTP (CASE-2) on a running stack with the demo
# data, in one run with nginx serving a 2 KB static file: the catalog with
# the current period's points and the tenant's requests, and an item's form
# (its field definitions read and rendered). Prints the "## Work requests"
# rows of docs/benchmarks.md.
#
#   ./mimamori up --var var/dev --port 18202
#   bench/requests.sh [BASE_URL]
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
BASE=${1:-http://127.0.0.1:18202}
DURATION=${BENCH_DURATION:-10s}
THREADS=${BENCH_THREADS:-2}
USER_ID=${BENCH_USER:-user-a@example.com}
PASSWORD=${BENCH_PASSWORD:-Demo#Mimamori26}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
raise_nofile
bench_login "$USER_ID" "$PASSWORD"
page=$(curl -fsS -H "Cookie: $session" "$BASE/cases/requests/")
grep -q 'id="points-remaining"' <<<"$page" || { echo "the catalog did not render" >&2; exit 1; }

echo "warming up..." >&2
wrk -t1 -c8 -d3s -H "Cookie: $session" "$BASE/cases/requests/" >/dev/null

row() {
  local what=$1 name=$2 url=$3; shift 3
  read -r rps p50 p99 bad _ < <(wrk_row "$name" 64 "$url" "$@")
  [ -n "${static_rps:-}" ] || static_rps=$rps
  echo "| $what | 64 | $rps | $p50 | $p99 | $(ratio "$rps" "$static_rps") | $bad |"
}
echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "- Load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| what | conns | req/s | p50 ms | p99 ms | ratio to static | non-2xx/3xx |"
echo "|---|---:|---:|---:|---:|---:|---:|"
row "nginx static 2 KB" static "$BASE/static/bench-2k.txt"
row "case list /cases/ (for comparison)" list "$BASE/cases/" -H "Cookie: $session"
row "catalog /cases/requests/ (items, points, the tenant's requests)" catalog \
  "$BASE/cases/requests/" -H "Cookie: $session"
row "item form /cases/requests/block_on_behalf (5 fields)" form \
  "$BASE/cases/requests/block_on_behalf" -H "Cookie: $session"
