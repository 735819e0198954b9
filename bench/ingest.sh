#!/usr/bin/env bash
# Alert ingestion (DASH-6, spec §11: ≥ 20,000 alerts/s in batches) through
# nginx and the device API, with nginx serving a 2 KB static file in the
# same run for the ratio. Several devices (of several tenants) send at once,
# each with tools/mimamori-send-alerts; every alert is new (fresh ids), so
# each one is a row inserted plus its alert_daily count. Afterwards the rows
# and alert_daily of the bench devices are compared. Prints the "## Alert
# ingestion" section of docs/benchmarks.md; --write replaces that section.
#
#   ./mimamori up --var var/bench --port 18438
#   bench/ingest.sh --var var/bench [--devices 8] [--batches 20] [--write] [BASE_URL]
#
# The bench devices belong to bench tenants (N9…) made here in the stack's
# database; each run makes new devices, so runs do not disturb each other.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
VAR_DIR=$ROOT/var/bench
WRITE=0
BASE=
DEVICES=8
BATCHES=20
BATCH=500
while [ $# -gt 0 ]; do
  case $1 in
  --var) VAR_DIR=$2; shift 2 ;;
  --devices) DEVICES=$2; shift 2 ;;
  --batches) BATCHES=$2; shift 2 ;;
  --batch-size) BATCH=$2; shift 2 ;;
  --write) WRITE=1; shift ;;
  -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
  http*) BASE=$1; shift ;;
  *) echo "ingest.sh: unknown argument $1" >&2; exit 2 ;;
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
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
work=$(mktemp -d "${TMPDIR:-/tmp}/mm-bench-ingest.XXXXXX")
trap 'rm -rf "$work"' EXIT
raise_nofile
sql() { mariadb --no-defaults --default-character-set=utf8mb4 --socket="$SOCK" -uroot --batch --skip-column-names mimamori -e "$1"; }

# Devices: one bench tenant per two devices, tokens made here (hash stored).
run_id=$(date +%s)
ids=()
for i in $(seq 1 "$DEVICES"); do
  t=$(( (i + 1) / 2 ))
  no=$(printf 'N9%08d' $(( (run_id % 100000) * 100 + t )))
  sql "INSERT IGNORE INTO tenants (customer_no, name, created_at) VALUES ('$no', 'ベンチ株式会社 $t', UTC_TIMESTAMP())"
  sql "INSERT INTO contracts (tenant_id, service_name, plan, contract_type, start_date, next_renewal_date, created_at)
       SELECT id, 'bench', 'bench', 'bench', CURDATE(), CURDATE(), UTC_TIMESTAMP() FROM tenants WHERE customer_no = '$no'
       AND NOT EXISTS (SELECT 1 FROM contracts c WHERE c.tenant_id = tenants.id)"
  token="mmd_$(openssl rand 32 | basenc --base64url | tr -d '=\n')"
  hash=$(printf '%s' "$token" | sha256sum | cut -c1-64)
  mac=$(printf '02:BE:%02X:%02X:%02X:%02X' $(( run_id >> 16 & 255 )) $(( run_id >> 8 & 255 )) $(( run_id & 255 )) "$i")
  sql "INSERT INTO devices (tenant_id, contract_id, status, mac, serial, model, created_at, registered_at, token_hash, token_created_at)
       SELECT t.id, c.id, 'registered', '$mac', 'BENCH', 'bench', UTC_TIMESTAMP(), UTC_TIMESTAMP(), UNHEX('$hash'), UTC_TIMESTAMP()
       FROM tenants t JOIN contracts c ON c.tenant_id = t.id WHERE t.customer_no = '$no' LIMIT 1"
  ids+=("$(sql "SELECT id FROM devices WHERE token_hash = UNHEX('$hash')")")
  (umask 077; printf '%s\n' "$token" >"$work/token-$i")
  # BATCHES × BATCH fresh alerts over the last 30 days
  python3 - "$i" "$run_id" "$((BATCHES * BATCH))" >"$work/alerts-$i.json" <<'PY'
import datetime, json, random, sys
dev, run, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
rnd = random.Random(f'{run}:{dev}')
now = datetime.datetime.now(datetime.timezone.utc)
cats = ['Webガード', 'IPS', 'アンチウイルス', 'アプリケーション制御', 'アンチスパム']
out = []
for k in range(n):
    t = now - datetime.timedelta(seconds=rnd.randrange(30 * 86400))
    out.append({'id': f'b{run}-{dev}-{k}', 'detected_at': t.strftime('%Y-%m-%dT%H:%M:%SZ'),
                'category': rnd.choice(cats), 'severity': rnd.randint(1, 3), 'status': 'blocked',
                'source': f'192.168.1.{rnd.randint(2, 250)}', 'destination': f'203.0.113.{rnd.randint(1, 254)}',
                'url': 'http://malware.example/dl/' + str(k),
                'description': 'UTMが有害サイトへのアクセスを検知したため通信をブロックしました。',
                'action': '送信元の端末の利用者に対して、アクセス先URLへのアクセスの有無を確認してください。'})
json.dump({'alerts': out}, sys.stdout, ensure_ascii=False)
PY
done
id_list=$(IFS=,; echo "${ids[*]}")

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
read -r s_rps s_p50 s_p99 s_bad _ < <(wrk_row static 64 "$BASE/static/bench-2k.txt")

# All devices at once; each device sends its batches over 2 connections.
start=$(date +%s.%N)
for i in $(seq 1 "$DEVICES"); do
  "$ROOT/tools/mimamori-send-alerts" --url "$BASE" --token-file "$work/token-$i" \
    --batch-size "$BATCH" --concurrency 2 "$work/alerts-$i.json" >"$work/send-$i.txt" 2>&1 &
done
wait
end=$(date +%s.%N)
seconds=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }')
accepted=$(awk '{ s += $2 } END { print s + 0 }' "$work"/send-*.txt)
failed=$(awk '{ s += $8 } END { print s + 0 }' "$work"/send-*.txt)
rate=$(awk -v n="$accepted" -v s="$seconds" 'BEGIN { printf "%.0f", (s > 0 ? n / s : 0) }')
rows=$(sql "SELECT COUNT(*) FROM alerts WHERE device_id IN ($id_list)")
daily=$(sql "SELECT COALESCE(SUM(alerts), 0) FROM alert_daily WHERE device_id IN ($id_list)")
reqs=$(( DEVICES * BATCHES ))
req_rate=$(awk -v n="$reqs" -v s="$seconds" 'BEGIN { printf "%.1f", (s > 0 ? n / s : 0) }')
# a retried batch: all duplicates, nothing stored
"$ROOT/tools/mimamori-send-alerts" --url "$BASE" --token-file "$work/token-1" \
  --batch-size "$BATCH" --concurrency 2 "$work/alerts-1.json" >"$work/retry.txt" 2>&1
retry_rate=$(awk '{ print $10 }' "$work/retry.txt")
rows_after=$(sql "SELECT COUNT(*) FROM alerts WHERE device_id IN ($id_list)")

section() {
  echo "## Alert ingestion (DASH-6)"
  echo
  echo "Run: \`./mimamori up --var var/bench --port N\`, \`bench/ingest.sh --var var/bench --write\`."
  echo
  echo "Measured by \`bench/ingest.sh\`: $DEVICES devices of $(( (DEVICES + 1) / 2 )) tenants send at the"
  echo "same time, each $BATCHES batches of $BATCH new alerts over 2 connections"
  echo "(\`tools/mimamori-send-alerts\`, Python, on the same machine), through nginx"
  echo "to the ingest program (release build) and MariaDB. Every alert is a new"
  echo "row plus its alert_daily count, in one transaction per batch."
  echo
  echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "- Machine: $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo | awk '{print $1, $2}'); load average before the run: $load_before"
  echo
  echo "| what | value |"
  echo "|---|---:|"
  echo "| nginx static 2 KB, 64 connections | $s_rps req/s (p99 $s_p99 ms) |"
  echo "| alerts stored | $accepted in $seconds s |"
  echo "| **alerts/s (new, stored)** | **$rate** |"
  echo "| batches/s | $req_rate |"
  echo "| failed batches | $failed |"
  echo "| rows in alerts / sum of alert_daily | $rows / $daily |"
  echo "| the same $((BATCHES * BATCH)) alerts again (all duplicates), alerts/s | $retry_rate |"
  echo "| rows after the retry | $rows_after |"
  echo
  echo "Target (spec §11): ≥ 20,000 alerts/s in batches."
}
out=$(section)
echo "$out"
[ "$rows" = "$accepted" ] && [ "$daily" = "$accepted" ] && [ "$rows_after" = "$rows" ] ||
  { echo "ingest.sh: counts disagree (accepted $accepted, rows $rows, daily $daily, after retry $rows_after)" >&2; exit 1; }
if [ "$WRITE" = 1 ]; then
  doc=$ROOT/docs/benchmarks.md
  printf '%s\n' "$out" >"$work/section.md"
  python3 - "$doc" "$work/section.md" <<'PY'
import re, sys
doc, sec = sys.argv[1], sys.argv[2]
text = open(doc, encoding='utf-8').read()
new = open(sec, encoding='utf-8').read().rstrip('\n') + '\n'
pat = re.compile(r'^## Alert ingestion \(DASH-6\)\n.*?(?=^## |\Z)', re.S | re.M)
text = pat.sub(lambda m: new + '\n', text) if pat.search(text) else text.rstrip('\n') + '\n\n' + new
open(doc, 'w', encoding='utf-8').write(text)
PY
  echo "written to $doc" >&2
fi
