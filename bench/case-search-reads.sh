#!/usr/bin/env bash
# The keyword search and list pages of the largest tenant of
# bench/gen-cases.sh's set, URL by URL: what MariaDB did for one request
# (its global status before and after it: index and row reads
# Handler_read_*, buffer pool page requests, temporary tables, statements
# executed; the session's statement included), once alone and then per
# request over a wrk run of that URL alone at BENCH_CONNS connections
# (default 8), with MariaDB's CPU µs per request. Reads per request that
# grow with the connections point at work the requests cause each other
# (a kept value dropped, a statement planned again), not at the plan.
#
#   ./mimamori up --var var/bench --port N
#   bench/case-search-reads.sh --var var/bench [BASE_URL]
#   BENCH_URLS="/cases/?q=VPN /cases/?q=VPN&page=50" BENCH_CONNS=1 bench/case-search-reads.sh ...
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
bench_stack_args "$0" "$ROOT/var/bench" "2,14p" "$@"
DURATION=${BENCH_DURATION:-5s}
CONNS=${BENCH_CONNS:-8}
sql() { mariadb --no-defaults --socket="$SOCK" -uroot --batch --skip-column-names mimamori -e "$1"; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
raise_nofile
user=$(sql "SELECT u.login_id FROM users u JOIN (SELECT tenant_id, COUNT(*) n FROM cases
  GROUP BY tenant_id ORDER BY n DESC LIMIT 1) b ON b.tenant_id = u.tenant_id
  WHERE u.login_id LIKE 'bench-%-0@example.com'")
[ -n "$user" ] || { echo "no benchmark data: run bench/gen-cases.sh first" >&2; exit 1; }
bench_login "$user" "${BENCH_PASSWORD:-Demo#Mimamori26}"
enc() { printf %s "$1" | od -An -tx1 | tr -d ' \n' | sed 's/\(..\)/%\1/g'; }
if [ -n "${BENCH_URLS:-}" ]; then
  read -r -a URLS <<<"$BENCH_URLS"
else
  vpn=$(enc VPN) two=$(enc "ＶＰＮ 遮断") two2=$(enc "VPN 通信")
  URLS=("/cases/?q=$vpn" "/cases/?q=$vpn&page=2" "/cases/?q=$vpn&page=50"
    "/cases/?q=$two" "/cases/?q=$two2" "/cases/?q=$(enc Emotet)" "/cases/?q=$(enc 不審なメール)")
fi

# name=value of the counters, in one line
STATUS="'Handler_read_key', 'Handler_read_next', 'Handler_read_prev', 'Handler_read_first',
  'Handler_read_last', 'Handler_read_rnd', 'Handler_read_rnd_next',
  'Innodb_buffer_pool_read_requests', 'Innodb_buffer_pool_reads', 'Created_tmp_tables',
  'Com_stmt_execute', 'Com_stmt_prepare'"
status() { sql "SHOW GLOBAL STATUS WHERE Variable_name IN ($STATUS)" | awk '{ printf "%s=%s ", $1, $2 }'; }
# delta BEFORE AFTER N: "reads bp_pages bp_disk tmp executes prepares" per request
delta() {
  awk -v a="$1" -v b="$2" -v n="$3" 'BEGIN {
    split(a, x, " "); split(b, y, " ")
    for (i in x) { split(x[i], p, "="); v0[p[1]] = p[2] }
    for (i in y) { split(y[i], p, "="); v1[p[1]] = p[2] }
    for (k in v1) d[k] = (v1[k] - v0[k]) / n
    reads = d["Handler_read_key"] + d["Handler_read_next"] + d["Handler_read_prev"] + \
      d["Handler_read_first"] + d["Handler_read_last"] + d["Handler_read_rnd"] + d["Handler_read_rnd_next"]
    printf "%.0f (key %.0f) | %.0f | %.1f | %.1f | %.1f | %.2f", reads, d["Handler_read_key"],
      d["Innodb_buffer_pool_read_requests"], d["Innodb_buffer_pool_reads"], d["Created_tmp_tables"],
      d["Com_stmt_execute"], d["Com_stmt_prepare"] }'
}
db_pid=$(cat "$VAR_DIR/run/db/mariadb.pid")
app_pids=$(tree "$(cat "$VAR_DIR/run/cases.pid")")
hz=$(getconf CLK_TCK)
# drain: waits (up to 60 s) until the cases program and MariaDB have been
# idle for a fifth of a second: requests still queued when wrk stops would
# otherwise be counted in the next URL's single request (bench/cases.sh)
drain() {
  local before after
  for _ in $(seq 300); do
    # shellcheck disable=SC2086 # pid list
    before=$(( $(ticks $app_pids) + $(ticks "$db_pid") ))
    sleep 0.2
    # shellcheck disable=SC2086
    after=$(( $(ticks $app_pids) + $(ticks "$db_pid") ))
    [ $((after - before)) -gt 2 ] || return 0
  done
}

echo "user $user, load average $(cut -d' ' -f1-3 /proc/loadavg), $CONNS connections for $DURATION per URL"
echo
echo "| URL | conns | requests | rows read (Handler_read_*) | buffer pool page requests | from disk | tmp tables | statements | prepares | MariaDB CPU µs |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
# shellcheck disable=SC2016 # the backquotes are Markdown's
for url in "${URLS[@]}"; do
  drain
  curl -s -o /dev/null -H "Cookie: $session" "$BASE$url"
  b=$(status)
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $session" "$BASE$url")
  a=$(status)
  [ "$code" = 200 ] || echo "warning: $url answered $code" >&2
  printf '| `%s` | 1 | 1 | %s | |\n' "$url" "$(delta "$b" "$a" 1)"
  [ "$CONNS" -gt 0 ] || continue
  t1=$(ticks "$db_pid")
  b=$(status)
  wrk -t1 -c"$CONNS" -d"$DURATION" -H "Cookie: $session" "$BASE$url" >"$work/wrk.txt"
  a=$(status)
  t2=$(ticks "$db_pid")
  n=$(awk '/requests in/ {print $1}' "$work/wrk.txt")
  printf '| `%s` | %s | %s | %s | %s |\n' "$url" "$CONNS" "$n" "$(delta "$b" "$a" "$n")" \
    "$(awk -v d="$((t2 - t1))" -v n="$n" -v hz="$hz" 'BEGIN { printf "%.0f", d * 1e6 / hz / n }')"
done
