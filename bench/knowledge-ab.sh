#!/usr/bin/env bash
# The knowledge article page of two builds back to back (KB-1): the stack's
# knowledge program is restarted with each binary in turn, ROUNDS times,
# and bench/knowledge.sh measures the static file and the article page
# each time (req/s, × static, p99, CPU µs per request by process). On a
# machine shared with other work the rounds alternate so that both builds
# meet the same load. The stack's own `./mimamori up` puts its program back.
#
#   bench/knowledge-ab.sh --var var/bench --before OLD_BINARY [--after NEW_BINARY]
#                         [--rounds 3] [--set "Key = value"]
#
# --set adds a line to the config of both (e.g. "History.PageViews = 0").
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
VAR_DIR=$ROOT/var/bench
BEFORE=
AFTER=$ROOT/build/release/mimamori-knowledge
ROUNDS=3
EXTRA=
while [ $# -gt 0 ]; do
  case $1 in
  --var) VAR_DIR=$2; shift 2 ;;
  --before) BEFORE=$(cd "$(dirname "$2")" && pwd -P)/$(basename "$2"); shift 2 ;;
  --after) AFTER=$(cd "$(dirname "$2")" && pwd -P)/$(basename "$2"); shift 2 ;;
  --rounds) ROUNDS=$2; shift 2 ;;
  --set) EXTRA=$2; shift 2 ;;
  -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
  *) echo "knowledge-ab.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
[ -n "$BEFORE" ] || { echo "knowledge-ab.sh: --before BINARY" >&2; exit 2; }
VAR_DIR=$(cd "$VAR_DIR" && pwd -P)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
conf=$work/mimamori.hdf
cp "$VAR_DIR/mimamori.hdf" "$conf"
[ -z "$EXTRA" ] || printf '\n%s\n' "$EXTRA" >>"$conf"
run=$VAR_DIR/run

# start BINARY: the knowledge program of the stack, from BINARY
start() {
  local pid i
  pid=$(cat "$run/knowledge.pid")
  kill -TERM "$pid"
  for i in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  rm -f "$run/knowledge.sock"
  (cd "$VAR_DIR" && exec setsid "$1" --config "$conf" --socket "$run/knowledge.sock" \
    --workers "${MM_WORKERS:-4}" --pidfile "$run/knowledge.pid" --socket-mode 0666 \
    </dev/null >>"$VAR_DIR/log/knowledge.log" 2>&1) &
  for i in $(seq 100); do [ -S "$run/knowledge.sock" ] && [ -s "$run/knowledge.pid" ] && break; sleep 0.1; done
  sleep 0.5	# the pid file names the new supervisor
}

echo "| round | build | static req/s | article req/s | × static | p99 ms | CPU µs/req nginx / knowledge / MariaDB |"
echo "|---:|---|---:|---:|---:|---:|---:|"
for round in $(seq "$ROUNDS"); do
  for which in before after; do
    bin=$BEFORE
    [ "$which" = after ] && bin=$AFTER
    start "$bin"
    BENCH_ROWS='^article page' "$ROOT/bench/knowledge.sh" --var "$VAR_DIR" >"$work/out.txt"
    awk -F'|' -v r="$round" -v w="$which" '
      /^\| static / { s = $4 }
      /^\| article page / { gsub(/ /, "", $4); gsub(/ /, "", $5); gsub(/ /, "", $7)
        printf "| %s | %s | %s | %s | %s | %s | %s / %s / %s |\n", r, w, s + 0, $4, $5, $7, $9 + 0, $10 + 0, $11 + 0 }
    ' "$work/out.txt"
  done
done
echo
echo "Load average after: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores."
