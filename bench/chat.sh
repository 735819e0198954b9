#!/usr/bin/env bash
# Chat linkages (ACC-4) against a running dev stack (./mimamori up, whose
# config has Chat.AllowLocalSink = 1 and a webhook sink): the /account/chat
# list page of the demo admin next to nginx serving a 2 KB static file, and
# the notifier's webhook delivery rate: N messages queued at once for one
# linkage (to the local sink), timed until the last is recorded sent.
# Prints Markdown for docs/benchmarks.md.
#
#   bench/chat.sh [BASE_URL] VAR_DIR     (default http://127.0.0.1:8080 var)
#   BENCH_MESSAGES=500 BENCH_DURATION=10s BENCH_CONNECTIONS=64 bench/chat.sh
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
BASE=${1:-http://127.0.0.1:8080}
VAR=${2:-$ROOT/var}
DURATION=${BENCH_DURATION:-10s}
CONNS=${BENCH_CONNECTIONS:-64}
THREADS=${BENCH_THREADS:-2}
MESSAGES=${BENCH_MESSAGES:-500}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
raise_nofile
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sql() { mariadb --no-defaults --socket="$VAR/run/db/mariadb.sock" -uroot --batch --skip-column-names mimamori -e "$1"; }
bench_login "${BENCH_USER:-admin-a@example.com}" "${BENCH_PASSWORD:-Demo#Mimamori26}"
hook=$(cat "$VAR/run/sinks/webhook-url")/hook/bench-$$/Zq9X
token=$(curl -fsS -H "Cookie: $session" "$BASE/account/chat" | csrf_of)
curl -fsS -o /dev/null -H "Cookie: $session" --data-urlencode "csrf=$token" --data-urlencode "url=$hook" \
  --data-urlencode "company=ベンチ株式会社" --data-urlencode "customer_id=123e4567-e89b-12d3-a456-426614174000" \
  --data-urlencode "org=bench-$$" "$BASE/account/chat"
id=$(sql "SELECT MAX(id) FROM chat_linkages WHERE org_label = 'bench-$$'")
[ -n "$id" ] && [ "$id" != NULL ] || { echo "the linkage was not registered" >&2; exit 1; }

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
read -r s_rps s_p50 s_p99 _ < <(wrk_row static "$CONNS" "$BASE/static/bench-2k.txt")
read -r rps p50 p99 bad _ < <(wrk_row chat "$CONNS" "$BASE/account/chat" -H "Cookie: $session")

body='{"kind":"test","text":"ベンチマーク","company_name":"ベンチ株式会社"}'
start=$(date +%s.%N)
sql "INSERT INTO outbox (channel, recipient, subject, body, created_at, next_attempt_at)
  SELECT 'webhook', 'chat:$id', 'bench', '$body', UTC_TIMESTAMP(), UTC_TIMESTAMP()
  FROM (SELECT 1 FROM information_schema.columns LIMIT $MESSAGES) x"
deadline=$((SECONDS + 600))
while [ "$(sql "SELECT COUNT(*) FROM outbox WHERE recipient = 'chat:$id' AND status <> 'sent'")" != 0 ]; do
  [ "$SECONDS" -lt "$deadline" ] || { echo "not all delivered within 600 s" >&2; exit 1; }
  sleep 0.2
done
secs=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
sql "DELETE FROM chat_linkages WHERE id = $id"
echo "wrk -c$CONNS -d$DURATION, $(date -u '+%Y-%m-%d %H:%M UTC'), load average $load_before → $load_after"
echo
echo "| page | req/s | × static | p50 ms | p99 ms | non-2xx |"
echo "|---|---|---|---|---|---|"
echo "| static 2 KB | $s_rps | 1.000 | $s_p50 | $s_p99 | 0 |"
echo "| \`/account/chat\` | $rps | $(ratio "$rps" "$s_rps") | $p50 | $p99 | $bad |"
echo
echo "Webhook delivery: $MESSAGES messages to the local sink in $secs s" \
  "($(awk -v n="$MESSAGES" -v s="$secs" 'BEGIN { printf "%.0f", n / s }') messages/s, one notifier)."
