#!/usr/bin/env bash
# Attachment benchmark (CASE-7): one 2 GiB file uploaded as a plain
# multipart form through nginx and downloaded again, against a running
# stack (./mimamori up). Prints a Markdown section for docs/benchmarks.md:
# wall times, the time the cases worker spent storing the file (its log),
# the SHA-256 check and the peak RSS (VmHWM) of the cases workers.
#
#   bench/attach-2g.sh [--var DIR] [BASE_URL]   (default var/, http://127.0.0.1:8080)
#   BENCH_SIZE=2G bench/attach-2g.sh
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
VAR=$ROOT/var
if [ "${1:-}" = --var ]; then VAR=$(cd "$2" && pwd -P); shift 2; fi
BASE=${1:-http://127.0.0.1:8080}
SIZE=${BENCH_SIZE:-2G}
CONF=$VAR/mimamori.hdf
ADMIN=$ROOT/build/release/mimamori-admin
[ -f "$CONF" ] || { echo "no stack config at $CONF" >&2; exit 1; }
SOCK=$(awk -F' = ' '/^ *Socket = / {print $2; exit}' "$CONF")
sql() { mariadb --no-defaults --socket="$SOCK" -uroot --batch --skip-column-names mimamori -e "$1"; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
jar=$work/cookies
csrf_of() { grep -o 'name="csrf" value="[^"]*"' | head -n 1 | sed 's/.*value="//; s/"$//'; }

login="bench-attach-$(date +%s)@t.example"
password='Kx7#mPq2!vLz9w'
user_id=$("$ADMIN" --config "$CONF" create-user --login "$login" --password "$password" \
  --role customer_user --tenant N200000001 | awk '{print $NF}')
case_no=CS$(printf '%07d' $((RANDOM * 300 % 10000000)))
while [ "$(sql "SELECT COUNT(*) FROM cases WHERE case_no = '$case_no'")" != 0 ]; do
  case_no=CS$(printf '%07d' $((RANDOM * 300 % 10000000)))
done
sql "INSERT INTO cases (case_no, tenant_id, category_id, status, subject, description,
  opened_by_user_id, contact_user_id, created_at, updated_at)
  SELECT '$case_no', id, (SELECT id FROM case_categories WHERE code = 'other'), 'working',
  'bench', 'bench', $user_id, $user_id, UTC_TIMESTAMP(), UTC_TIMESTAMP()
  FROM tenants WHERE customer_no = 'N200000001'"
case_id=$(sql "SELECT id FROM cases WHERE case_no = '$case_no'")

token=$(curl -fsS -c "$jar" -b "$jar" "$BASE/auth/login" | csrf_of)
code=$(curl -sS -o /dev/null -w '%{http_code}' -c "$jar" -b "$jar" \
  --data-urlencode "csrf=$token" --data-urlencode "user_id=$login" \
  --data-urlencode "password=$password" "$BASE/auth/login")
[ "$code" = 303 ] || { echo "login failed (HTTP $code)" >&2; exit 1; }
csrf=$(curl -fsS -b "$jar" "$BASE/" | csrf_of)

# a sparse file: the disk under test is the server's, not the client's
truncate -s "$SIZE" "$work/big.bin"
bytes=$(stat -c %s "$work/big.bin")
want=$(sha256sum "$work/big.bin" | cut -d' ' -f1)

workers() {
  local sup
  sup=$(tr -dc 0-9 <"$VAR/run/cases.pid")
  grep -l "^PPid:[[:space:]]*$sup\$" /proc/[0-9]*/status 2>/dev/null | cut -d/ -f3
}
peak_kib() {
  local p max=0 v
  for p in $(workers); do
    v=$(awk '/^VmHWM/ {print $2}' "/proc/$p/status" 2>/dev/null || echo 0)
    [ "${v:-0}" -le "$max" ] || max=$v
  done
  echo "$max"
}
before_kib=$(peak_kib)

up=$(curl -sS -o /dev/null -b "$jar" -w '%{http_code} %{time_total}' \
  -F "csrf=$csrf" -F "attachments=@$work/big.bin;filename=大容量.bin;type=application/octet-stream" \
  "$BASE/cases/$case_no/attachments")
[ "${up%% *}" = 303 ] || { echo "upload answered ${up%% *}" >&2; exit 1; }
stored_ms=$(grep -o "attached to $case_no (stored in [0-9]* ms)" "$VAR/log/cases.log" | tail -1 | grep -o '[0-9]* ms' | cut -d' ' -f1)
read -r att_id db_sha <<<"$(sql "SELECT id, LOWER(HEX(sha256)) FROM case_attachments WHERE case_id = $case_id")"

down_time=$( { curl -sS -b "$jar" -w '%{time_total}' -o >(sha256sum | cut -d' ' -f1 >"$work/down.sha") \
  "$BASE/cases/$case_no/attachments/$att_id"; } )
while [ ! -s "$work/down.sha" ]; do sleep 0.1; done
got=$(cat "$work/down.sha")
after_kib=$(peak_kib)

ok() { [ "$1" = "$2" ] && echo "unchanged" || echo "DIFFERENT"; }
cat <<MD
## Attachments: one 2 GiB file (CASE-7)

Measured by \`bench/attach-2g.sh\` against the stack of \`./mimamori up\`
(release build, 4 cases workers, 1 nginx worker, all on one machine; the
client sends a sparse file with curl as a plain multipart form).

- Date: $(date -u '+%Y-%m-%d %H:%M UTC')
- Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')

| what | value |
|---|---:|
| file size | $bytes bytes |
| upload wall time (curl, body to nginx + stored by the worker) | ${up#* } s |
| worker time storing it (scan, kernel copy, SHA-256, fsync) | ${stored_ms:-?} ms |
| download wall time (X-Accel-Redirect, sendfile) | $down_time s |
| SHA-256 recorded / downloaded vs sent | $(ok "$db_sha" "$want") / $(ok "$got" "$want") |
| cases workers' peak RSS (VmHWM) before / after | $before_kib / $after_kib KiB |

Target: constant memory (worker RSS < 64 MiB at any file size).
MD
