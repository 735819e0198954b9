#!/usr/bin/env bash
# The point pages over HTTP against a running stack with the demo data
# (./mimamori up): nginx serving a 2 KB static file, then, as the demo
# customer user-a@example.com, /points/ (periods + the current ledger),
# the previous period's ledger and /points/service, all in one run so that
# the ratios to the static file compare across machines. Prints a Markdown
# table for docs/benchmarks.md.
#
#   bench/points.sh [BASE_URL]        (default http://127.0.0.1:8080)
#   BENCH_DURATION=10s BENCH_CONNECTIONS=64 bench/points.sh
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
BASE=${1:-http://127.0.0.1:8080}
DURATION=${BENCH_DURATION:-10s}
CONNS=${BENCH_CONNECTIONS:-64}
THREADS=${BENCH_THREADS:-2}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
raise_nofile
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

bench_login user-a@example.com "${BENCH_PASSWORD:-Demo#Mimamori26}"
older=$(curl -fsS -H "Cookie: $session" "$BASE/points/" |
  grep -o 'href="/points/?period=[0-9]*' | head -n 1 | sed 's/.*period=//')
[ -n "$older" ] || { echo "the demo customer has no older period" >&2; exit 1; }

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
wrk -t1 -c8 -d2s -H "Cookie: $session" "$BASE/points/" >/dev/null
read -r s_rps s_p50 s_p99 s_bad _ < <(wrk_row static "$CONNS" "$BASE/static/bench-2k.txt")
row() {
  local label=$1 url=$2 rps p50 p99 bad
  read -r rps p50 p99 bad _ < <(wrk_row page "$CONNS" "$url" -H "Cookie: $session")
  echo "| $label | $CONNS | $rps | $p50 | $p99 | $(ratio "$rps" "$s_rps") | $bad |"
}
echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "- Machine: $(nproc) cores; load average before the run: $load_before"
echo
echo "| what | conns | req/s | p50 ms | p99 ms | ratio to static | non-2xx/3xx |"
echo "|---|---:|---:|---:|---:|---:|---:|"
echo "| nginx static 2 KB | $CONNS | $s_rps | $s_p50 | $s_p99 | 1.000 | $s_bad |"
row "/points/ (periods, current ledger)" "$BASE/points/"
row "/points/?period= (last month's ledger)" "$BASE/points/?period=$older"
row "/points/service" "$BASE/points/service"
