#!/usr/bin/env bash
# What one recorded page view costs the database, in measures a busy
# machine does not bend (AUTH-11): redo log bytes, InnoDB page writes,
# rows written, statements and MariaDB CPU per home page, with page views
# recorded and with `History.PageViews = 0`, for one or more builds of the
# dashboard (A/B: an older build's binary against this tree's). Views that
# a build leaves unchained are then sealed (by a login of the tenant, as
# in use) and that work is counted per view too: it is part of its cost.
#
#   ./mimamori up --var var/bench --port 18264
#   bench/page-views-io.sh --var var/bench [BASE_URL]
#   BENCH_DASHBOARDS="old=/path/to/old/mimamori-dashboard new=build/release/mimamori-dashboard"
#   BENCH_DURATION=10s BENCH_CONNS=16 BENCH_ROUNDS=2
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
bench_stack_args "$0" "$ROOT/var/bench" "2,13p" "$@"
DURATION=${BENCH_DURATION:-10s}
THREADS=${BENCH_THREADS:-2}
CONNS=${BENCH_CONNS:-16}
ROUNDS=${BENCH_ROUNDS:-2}
DASHBOARDS=${BENCH_DASHBOARDS:-new=$ROOT/build/release/mimamori-dashboard}
CONFIG=$VAR_DIR/mimamori.hdf
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
sql() { mariadb --no-defaults --socket="$SOCK" -uroot --batch --skip-column-names mimamori -e "$1"; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
raise_nofile
bench_login "${BENCH_USER:-admin-a@example.com}" "${BENCH_PASSWORD:-Demo#Mimamori26}"
hz=$(getconf CLK_TCK)
DB_PID=$(cat "$VAR_DIR/run/db/mariadb.pid")

# redo bytes, page writes, rows written, rows updated, statements, CPU ticks
counters() {
  sql "SHOW GLOBAL STATUS WHERE Variable_name IN ('Innodb_os_log_written',
      'Innodb_buffer_pool_write_requests', 'Handler_write', 'Handler_update', 'Questions')" |
    awk '{ v[$1] = $2 } END { printf "%d %d %d %d %d", v["Innodb_os_log_written"],
      v["Innodb_buffer_pool_write_requests"], v["Handler_write"], v["Handler_update"], v["Questions"] }'
  awk '{ printf " %d\n", $14 + $15 }' "/proc/$DB_PID/stat"
}

start_dashboard() {	# binary, extra config line
  local run=$VAR_DIR/run conf=$work/dashboard-$RANDOM.hdf pid
  cp "$CONFIG" "$conf"
  printf '\n%s\n' "$2" >>"$conf"
  pid=$(cat "$run/dashboard.pid")
  kill -TERM "$pid"
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  rm -f "$run/dashboard.sock"
  (cd "$VAR_DIR" && exec setsid "$1" --config "$conf" --socket "$run/dashboard.sock" \
    --workers "${MM_WORKERS:-4}" --pidfile "$run/dashboard.pid" --socket-mode 0666 \
    </dev/null >>"$VAR_DIR/log/dashboard.log" 2>&1) &
  for _ in $(seq 100); do [ -S "$run/dashboard.sock" ] && break; sleep 0.1; done
  curl -fsS -o /dev/null -H "Cookie: $session" "$BASE/"
}

rows=$work/rows
: >"$rows"
for r in $(seq "$ROUNDS"); do
  for build in $DASHBOARDS; do
    name=${build%%=*} bin=${build#*=}
    for setting in 1 0; do
      start_dashboard "$bin" "History.PageViews = $setting"
      read -r a1 b1 c1 d1 e1 t1 <<<"$(counters)"
      wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" -H "Cookie: $session" "$BASE/" >"$work/wrk.txt"
      # the last buffered views reach the database: stop the workers
      start_dashboard "$bin" "History.PageViews = 0"
      # views left unchained are sealed by the tenant's next security
      # event (a login), and counted with them
      rm -f "$work/cookies"
      bench_login "${BENCH_USER:-admin-a@example.com}" "${BENCH_PASSWORD:-Demo#Mimamori26}"
      read -r a2 b2 c2 d2 e2 t2 <<<"$(counters)"
      n=$(awk '/requests in/ {print $1}' "$work/wrk.txt")
      rps=$(awk '/^Requests\/sec/ {print $2}' "$work/wrk.txt")
      echo "$r $name $setting $n $rps $((a2 - a1)) $((b2 - b1)) $((c2 - c1)) $((d2 - d1)) $((e2 - e1)) $((t2 - t1))" >>"$rows"
      echo "round $r $name views=$setting: $n requests, $rps req/s" >&2
    done
  done
done
echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC'); load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "- $CONNS connections, $DURATION per row; per home page request (the login that seals and the"
echo "  restarts after each row included: the same for every row)"
echo
echo "| round | build | page views | requests | redo bytes | page writes | rows written | rows updated | statements | MariaDB CPU µs |"
echo "|---:|---|---|---:|---:|---:|---:|---:|---:|---:|"
awk -v hz="$hz" '{ printf "| %s | %s | %s | %s | %.0f | %.1f | %.2f | %.2f | %.2f | %.0f |\n", $1, $2, ($3 == 1 ? "recorded" : "off"),
  $4, $6 / $4, $7 / $4, $8 / $4, $9 / $4, $10 / $4, $11 * 1e6 / hz / $4 }' "$rows"
echo
awk -v hz="$hz" '{ k = $2 " " $3; n[k] += $4; a[k] += $6; b[k] += $7; c[k] += $8; d[k] += $9; e[k] += $10; t[k] += $11; names[$2] = 1 }
  END { for (m in names) { on = m " 1"; off = m " 0"; if (!(on in n) || !(off in n)) continue;
    printf "%s: a recorded view costs %+.0f redo bytes, %+.1f page writes, %+.2f rows written, %+.2f rows updated, %+.2f statements, %+.0f µs MariaDB CPU\n", m,
      a[on]/n[on] - a[off]/n[off], b[on]/n[on] - b[off]/n[off], c[on]/n[on] - c[off]/n[off], d[on]/n[on] - d[off]/n[off],
      e[on]/n[on] - e[off]/n[off], (t[on]/n[on] - t[off]/n[off]) * 1e6 / hz } }' "$rows"
# the stack's own program again
start_dashboard "$ROOT/build/release/mimamori-dashboard" ""
