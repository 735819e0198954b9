#!/usr/bin/env bash
# The user management pages against a running stack (./mimamori up), in one
# run with nginx serving a 2 KB static file so that the ratios compare
# across machines: the contact list (sorted by name and by last login, which
# looks up each user's newest login.ok) and the profile, as the demo admin
# admin-a@example.com. Prints a Markdown table for docs/benchmarks.md.
#
#   bench/users.sh [BASE_URL]       (default http://127.0.0.1:8080)
#   BENCH_DURATION=10s BENCH_CONNECTIONS=64 bench/users.sh
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
bench_login "${BENCH_USER:-admin-a@example.com}" "${BENCH_PASSWORD:-Demo#Mimamori26}"
curl -fsS -H "Cookie: $session" "$BASE/account/users/" | grep -q 'id="users"' ||
  { echo "the contact list did not render" >&2; exit 1; }

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
wrk -t1 -c8 -d2s -H "Cookie: $session" "$BASE/account/users/" >/dev/null
read -r s_rps s_p50 s_p99 _ < <(wrk_row static "$CONNS" "$BASE/static/bench-2k.txt")
rows=
for page in "list_name /account/users/?sort=name" "list_last_login /account/users/?sort=last_login&dir=desc" \
	    "profile /account/profile"; do
  read -r name path <<<"$page"
  read -r rps p50 p99 bad _ < <(wrk_row "$name" "$CONNS" "$BASE$path" -H "Cookie: $session")
  rows+="| \`$path\` | $rps | $(ratio "$rps" "$s_rps") | $p50 | $p99 | $bad |"$'\n'
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
echo "wrk -c$CONNS -d$DURATION, $(date -u '+%Y-%m-%d %H:%M UTC'), load average $load_before → $load_after"
echo
echo "| page | req/s | × static | p50 ms | p99 ms | non-2xx |"
echo "|---|---|---|---|---|---|"
echo "| static 2 KB | $s_rps | 1.000 | $s_p50 | $s_p99 | 0 |"
printf '%s' "$rows"
