#!/usr/bin/env bash
# Alert ingestion (DASH-6, spec §11: ≥ 20,000 alerts/s in batches) through
# nginx and the device API, with nginx serving a 2 KB static file in the
# same run for the ratio. wrk posts the batches (bench/ingest-wrk.lua: each
# request a batch of new alerts with fresh ids for one of the bench devices,
# built in LuaJIT), so the sender costs little beside the server; every
# alert is a row inserted plus its alert_daily count. Afterwards the rows and
# alert_daily of the bench devices are compared, and the first batches are
# sent again (all duplicates: nothing may be added). Prints the "## Alert
# ingestion" section of docs/benchmarks.md; --write replaces that section.
#
#   ./mimamori up --var var/bench --port 18438
#   bench/ingest.sh --var var/bench [--devices 32] [--conns 8] [--batch-size 500]
#                   [--shape spread|recent] [--tenants B200000001,…] [--no-static]
#                   [--write] [BASE_URL]
#
# --shape picks what a batch holds (bench/ingest-wrk.lua): spread (the
# default) is a worst case for the day and top counts, every alert blocked
# with its own URL and detected at any time of the last 29 days; recent is
# what a UTM posts every few minutes, detected in the last 10 minutes, with
# the kinds, severities, statuses, sources, destinations and URLs of
# bench/gen-dashboard.sh's stored set.
#
# The bench devices belong to bench tenants (N9…) made here in the stack's
# database; each run makes new devices, so runs do not disturb each other.
# --tenants posts for the registered devices of those tenants instead (each
# gets a new token), e.g. the tenants whose home pages bench/home-ingest.sh
# reads meanwhile; the counts are then compared on what the run added.
# --no-static leaves out the static file's row (when another script
# measures it). MariaDB's counters (SHOW GLOBAL STATUS) are given per alert
# stored over the wrk window; BENCH_PERF=FILE also records mariadbd with
# perf over that window (perf report -i FILE). BENCH_BINARIES=DIR restarts
# the ingest program with DIR/mimamori-ingest first (another build, for A/B
# runs; the stack's `./mimamori up` puts its own back).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
VAR_DIR=$ROOT/var/bench
WRITE=0
BASE=
DEVICES=32
CONNS=8
BATCH=500
TENANTS=
STATIC=1
SHAPE=spread
while [ $# -gt 0 ]; do
  case $1 in
  --var) VAR_DIR=$2; shift 2 ;;
  --devices) DEVICES=$2; shift 2 ;;
  --conns) CONNS=$2; shift 2 ;;
  --batch-size) BATCH=$2; shift 2 ;;
  --tenants) TENANTS=$2; shift 2 ;;
  --shape) SHAPE=$2; shift 2 ;;
  --no-static) STATIC=0; shift ;;
  --write) WRITE=1; shift ;;
  -h|--help) sed -n '2,32p' "$0"; exit 0 ;;
  http*) BASE=$1; shift ;;
  *) echo "ingest.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
case $SHAPE in spread|recent) ;; *) echo "ingest.sh: --shape is spread or recent" >&2; exit 2 ;; esac
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
if [ -n "${BENCH_BINARIES:-}" ]; then
  CONFIG=$VAR_DIR/mimamori.hdf
  RESTART_BIN=$BENCH_BINARIES/mimamori-ingest restart_with ingest "# $BENCH_BINARIES"
fi
sql() { mariadb --no-defaults --default-character-set=utf8mb4 --socket="$SOCK" -uroot --batch --skip-column-names mimamori -e "$1"; }
# A production server's buffer pool holds the alerts of the last hours; the
# stack starts MariaDB at 128 MiB, less than one run stores (≈ 1 KB per
# alert and its index entries), and the run then measured page reads.
sql "SET GLOBAL innodb_buffer_pool_size = GREATEST(@@innodb_buffer_pool_size, ${BENCH_BUFFER_POOL:-1073741824})"

# Devices: one bench tenant per two devices, tokens made here (hash stored).
run_id=$(date +%s)
ids=()
new_token() {
  token="mmd_$(openssl rand 32 | basenc --base64url | tr -d '=\n')"
  hash=$(printf '%s' "$token" | sha256sum | cut -c1-64)
}
if [ -n "$TENANTS" ]; then
  [[ $TENANTS =~ ^[A-Z0-9,]+$ ]] || { echo "ingest.sh: --tenants takes customer numbers" >&2; exit 2; }
  in_list=$(sed "s/[^,]*/'&'/g" <<<"$TENANTS")
  for id in $(sql "SELECT d.id FROM devices d JOIN tenants t ON t.id = d.tenant_id
                   WHERE t.customer_no IN ($in_list) AND d.status = 'registered' ORDER BY d.id"); do
    new_token
    sql "UPDATE devices SET token_hash = UNHEX('$hash'), token_created_at = UTC_TIMESTAMP() WHERE id = $id"
    ids+=("$id")
    (umask 077; printf '%s\n' "$token" >>"$work/tokens")
  done
  DEVICES=${#ids[@]}
  [ "$DEVICES" -gt 0 ] || { echo "ingest.sh: no registered devices of $TENANTS" >&2; exit 1; }
fi
for i in $(seq 1 "$DEVICES"); do
  [ -z "$TENANTS" ] || break
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
  (umask 077; printf '%s\n' "$token" >>"$work/tokens")
done
id_list=$(IFS=,; echo "${ids[*]}")

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
s_rps=- s_p99=-
[ "$STATIC" = 0 ] || read -r s_rps s_p50 s_p99 s_bad _ < <(wrk_row static 64 "$BASE/static/bench-2k.txt")

# All devices at once, CONNS connections; a request is one batch. Counts
# are what this run added to the devices' rows and day counts.
rows_base=$(sql "SELECT COUNT(*) FROM alerts WHERE device_id IN ($id_list)")
daily_base=$(sql "SELECT COALESCE(SUM(alerts), 0) FROM alert_daily WHERE device_id IN ($id_list)")
rows_of() { echo $(( $(sql "SELECT COUNT(*) FROM alerts WHERE device_id IN ($id_list)") - rows_base )); }
lua=$ROOT/bench/ingest-wrk.lua
# wrk_row with the script's arguments after the URL, as wrk wants them
# (with the machine's stalls beside it, as wrk_row gives them)
batch_row() {
  local name=$1; shift
  local f="$work/$name.txt" rps p50 p99 bad sock stalls=- watch_pid=
  stall_watch_build
  if [ -x "$work/stallwatch" ]; then
    "$work/stallwatch" >"$work/$name.stalls" &
    watch_pid=$!
  fi
  wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency -s "$lua" "$BASE/" -- "$work/tokens" "$BATCH" "$run_id" "$SHAPE" "$@" >"$f" 2>&1
  if [ -n "$watch_pid" ]; then
    kill -TERM "$watch_pid" && wait "$watch_pid" || true
    stalls=$(cat "$work/$name.stalls")
  fi
  rps=$(awk '/^Requests\/sec/ {print $2}' "$f")
  p50=$(awk '$1 == "50%" {print $2}' "$f")
  p99=$(awk '$1 == "99%" {print $2}' "$f")
  bad=$(awk '/Non-2xx or 3xx responses/ {print $5}' "$f")
  sock=$(awk '/Socket errors/ {gsub(",", ""); print $4 "/" $6 "/" $8 "/" $10}' "$f")
  echo "$rps $(to_ms "$p50") $(to_ms "$p99") ${bad:-0} ${sock:-0/0/0/0} ${stalls:--}"
}
# CPU time of each side, from /proc before and after the run (bench/cpu.sh):
# unlike alerts/s it hardly moves with the other work on the machine
nginx_pids=$(tree "$(cat "$VAR_DIR/nginx/nginx.pid")")
app_pids=$(tree "$(cat "$VAR_DIR/run/ingest.pid")")
db_pids=$(cat "$VAR_DIR/run/db/mariadb.pid")
# shellcheck disable=SC2086 # pid lists
read -r n1 a1 d1 <<<"$(ticks $nginx_pids) $(ticks $app_pids) $(ticks $db_pids)"
# MariaDB's counters over the wrk window only (the counts compared below
# read every row of the run again)
status() { sql "SHOW GLOBAL STATUS" | sort; }
status >"$work/status.before"
# BENCH_PERF=FILE: perf record of mariadbd over the wrk window, for perf report
perf_pid=
if [ -n "${BENCH_PERF:-}" ]; then
  perf record -q -g -p "$db_pids" -o "$BENCH_PERF" -- sleep "${DURATION%s}" >/dev/null 2>&1 &
  perf_pid=$!
fi
TIMEFORMAT='%U %S'
{ time batch_row ingest >"$work/ingest.row"; } 2>"$work/wrk.cpu"
status >"$work/status.after"
[ -z "$perf_pid" ] || wait "$perf_pid" || true
read -r b_rps b_p50 b_p99 b_bad b_sock b_stalls <"$work/ingest.row"
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
seconds=$(awk '/requests in/ { v = $4; sub(/,$/, "", v); n = v + 0; if (v ~ /ms$/) n /= 1000; else if (v ~ /m$/) n *= 60; print n }' "$work/ingest.txt")
# the rate counts the rows stored while wrk ran; batches still in flight
# when it stopped are stored afterwards: wait for them before comparing
accepted_in_time=$(rows_of)
settled() {
  local a b
  a=$(rows_of)
  for _ in $(seq 1 30); do
    sleep 1
    b=$(rows_of)
    [ "$a" = "$b" ] && { echo "$b"; return; }
    a=$b
  done
  echo "$b"
}
accepted=$(settled)
# shellcheck disable=SC2086
read -r n2 a2 d2 <<<"$(ticks $nginx_pids) $(ticks $app_pids) $(ticks $db_pids)"
daily=$(( $(sql "SELECT COALESCE(SUM(alerts), 0) FROM alert_daily WHERE device_id IN ($id_list)") - daily_base ))
hz=$(getconf CLK_TCK)
per_alert() { awk -v d="$(($2 - $1))" -v n="$accepted" -v hz="$hz" 'BEGIN { printf "%.1f", (n > 0 ? d * 1e6 / hz / n : 0) }'; }
cpu_nginx=$(per_alert "$n1" "$n2")
cpu_app=$(per_alert "$a1" "$a2")
cpu_db=$(per_alert "$d1" "$d2")
cpu_wrk=$(awk -v n="$accepted" '{ printf "%.1f", (n > 0 ? ($1 + $2) * 1e6 / n : 0) }' "$work/wrk.cpu")
# what the server side would reach with both cores to itself
capacity=$(awk -v a="$cpu_nginx" -v b="$cpu_app" -v c="$cpu_db" -v cores="$(nproc)" \
  'BEGIN { s = a + b + c; printf "%.0f", (s > 0 ? cores * 1e6 / s : 0) }')
rate=$(awk -v n="$accepted_in_time" -v s="$seconds" 'BEGIN { printf "%.0f", (s > 0 ? n / s : 0) }')
# per alert stored while wrk ran
counters=$(join "$work/status.before" "$work/status.after" | awk -v n="$accepted_in_time" -v batch="$BATCH" '
  function per(k) { return (n > 0 ? (b[k] - a[k]) / n : 0) }
  function per_batch(k) { return (n > 0 ? (b[k] - a[k]) * batch / n : 0) }
  { a[$1] = $2; b[$1] = $3 }
  END {
    printf "Handler_write %.2f, Handler_update %.2f, Handler_read_key %.2f, Handler_read_next %.2f; ", per("Handler_write"), per("Handler_update"), per("Handler_read_key"), per("Handler_read_next")
    printf "buffer pool read requests %.0f, write requests %.1f, reads from disk %.3f; ", per("Innodb_buffer_pool_read_requests"), per("Innodb_buffer_pool_write_requests"), per("Innodb_buffer_pool_reads")
    printf "redo bytes %.0f; row-lock waits %d (%d ms in all); ", per("Innodb_os_log_written"), b["Innodb_row_lock_waits"] - a["Innodb_row_lock_waits"], b["Innodb_row_lock_time"] - a["Innodb_row_lock_time"]
    printf "per batch: Handler_commit %.1f, log writes %.2f, log fsyncs %.2f", per_batch("Handler_commit"), per_batch("Innodb_log_writes"), per_batch("Innodb_os_log_fsyncs")
  }')
# the first 10 batches of each wrk thread again: all duplicates
read -r r_rps r_p50 r_p99 r_bad _ r_stalls < <(batch_row replay replay)
retry_rate=$(awk -v r="$r_rps" -v b="$BATCH" 'BEGIN { printf "%.0f", r * b }')
rows_after=$(settled)

ntenants=$(( (DEVICES + 1) / 2 ))
[ -z "$TENANTS" ] || ntenants=$(tr ',' '\n' <<<"$TENANTS" | wc -l)
section() {
  echo "## Alert ingestion (DASH-6)"
  echo
  echo "Run: \`./mimamori up --var var/bench --port N\`, \`bench/ingest.sh --var var/bench --write\`."
  echo
  echo "Measured by \`bench/ingest.sh\`: wrk ($THREADS threads, $CONNS connections, $DURATION,"
  echo "\`bench/ingest-wrk.lua\`) posts batches of $BATCH new alerts for $DEVICES devices of"
  echo "$ntenants tenants (shape \`$SHAPE\`) through nginx to the ingest program (release build) and"
  echo "MariaDB (innodb_flush_log_at_trx_commit=1, as in production; buffer pool"
  echo "$(sql "SELECT @@innodb_buffer_pool_size DIV 1048576") MiB). Every alert"
  echo "is a new row plus its alert_daily count, in one transaction per batch."
  echo
  echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "- Machine: $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo | awk '{print $1, $2}'); load average before the run: $load_before, after: $load_after"
  echo
  echo "| what | value |"
  echo "|---|---:|"
  echo "| nginx static 2 KB, 64 connections | $s_rps req/s (p99 $s_p99 ms) |"
  echo "| alerts stored while wrk ran | $accepted_in_time in $seconds s |"
  echo "| **alerts/s (new, stored)** | **$rate** |"
  echo "| batches/s; p50 / p99 per batch; machine stalls (longest ms / over 50 ms) | $b_rps; $b_p50 / $b_p99 ms; $b_stalls |"
  echo "| batches not answered 2xx; socket errors | $b_bad; $b_sock |"
  echo "| CPU µs per stored alert: nginx / ingest / MariaDB / wrk | $cpu_nginx / $cpu_app / $cpu_db / $cpu_wrk |"
  echo "| MariaDB per stored alert (SHOW GLOBAL STATUS over the wrk window) | $counters |"
  echo "| alerts/s the server side would reach on $(nproc) idle cores (from its CPU per alert) | $capacity |"
  echo "| rows in alerts / sum of alert_daily | $accepted / $daily |"
  echo "| batches sent again (all duplicates), alerts/s | $retry_rate (p99 $r_p99 ms, non-2xx $r_bad, stalls $r_stalls) |"
  echo "| rows after the duplicates | $rows_after |"
  echo
  echo "Target (spec §11): ≥ 20,000 alerts/s in batches."
}
out=$(section)
echo "$out"
[ "$daily" = "$accepted" ] && [ "$rows_after" = "$accepted" ] && [ "$b_bad" = 0 ] ||
  { echo "ingest.sh: counts disagree (rows $accepted, daily $daily, after the duplicates $rows_after, non-2xx $b_bad)" >&2; exit 1; }
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
