# shellcheck shell=bash
# Shared by the bench/ scripts. Needs BASE (the stack's URL) and a scratch
# dir in $work.

# bench_stack_args SCRIPT DEFAULT_VAR_DIR HELP_LINES "$@": the options every
# stack benchmark takes (--var DIR, --write, BASE_URL, -h); sets VAR_DIR,
# WRITE, BASE (from the stack's port file when not given) and SOCK (its
# MariaDB socket, which must exist).
bench_stack_args() {
  local script=$1 help=$3
  VAR_DIR=$2
  WRITE=0
  BASE=
  shift 3
  while [ $# -gt 0 ]; do
    case $1 in
    --var) VAR_DIR=$2; shift 2 ;;
    --write) WRITE=1; shift ;;
    -h|--help) sed -n "$help" "$script"; exit 0 ;;
    http*) BASE=$1; shift ;;
    *) echo "$(basename "$script"): unknown argument $1" >&2; exit 2 ;;
    esac
  done
  VAR_DIR=$(cd "$VAR_DIR" && pwd -P)
  SOCK=$VAR_DIR/run/db/mariadb.sock
  [ -S "$SOCK" ] || { echo "no MariaDB socket at $SOCK: start the stack first" >&2; exit 1; }
  if [ -z "$BASE" ]; then
    local port
    port=$(cat "$VAR_DIR/port" 2>/dev/null || true)
    [ -n "$port" ] || { echo "cannot tell the stack's port: give BASE_URL" >&2; exit 1; }
    BASE=http://127.0.0.1:$port
  fi
}

csrf_of() { grep -o 'name="csrf" value="[^"]*"' | head -n 1 | sed 's/.*value="//; s/"$//'; }

# bench_login USER_ID PASSWORD: logs in as the user (who must have no second
# factor) and sets session and pre to "name=value" cookie strings.
bench_login() {
  local user_id=$1 password=$2 jar=$work/cookies token code
  token=$(curl -fsS -c "$jar" -b "$jar" "$BASE/auth/login" | csrf_of)
  code=$(curl -sS -o /dev/null -w '%{http_code}' -c "$jar" -b "$jar" \
    --data-urlencode "csrf=$token" --data-urlencode "user_id=$user_id" \
    --data-urlencode "password=$password" "$BASE/auth/login")
  [ "$code" = 303 ] || { echo "login as $user_id failed (HTTP $code)" >&2; exit 1; }
  session=$(awk '$6 ~ /mm_session$/ {print $6 "=" $7}' "$jar")
  pre=$(awk '$6 ~ /mm_pre$/ {print $6 "=" $7}' "$jar")
  [ -n "$session" ] || { echo "no session cookie" >&2; exit 1; }
  curl -fsS -H "Cookie: $session" "$BASE/" | grep -c 'id="display-name"' >/dev/null ||
    { echo "authenticated home page did not render" >&2; exit 1; }
}

# bench_session USER_ID [PASSWORD]: logs in (a jar of its own, so that many
# sessions can be made in turn) and prints the session cookie "name=value";
# the password defaults to $PASSWORD
bench_session() {
  local jar=$work/jar.$RANDOM token code
  token=$(curl -fsS -c "$jar" -b "$jar" "$BASE/auth/login" | csrf_of)
  code=$(curl -sS -o /dev/null -w '%{http_code}' -c "$jar" -b "$jar" \
    --data-urlencode "csrf=$token" --data-urlencode "user_id=$1" \
    --data-urlencode "password=${2:-$PASSWORD}" "$BASE/auth/login")
  [ "$code" = 303 ] || { echo "login as $1 failed (HTTP $code)" >&2; exit 1; }
  awk '$6 ~ /mm_session$/ {print $6 "=" $7}' "$jar"
}

# wrk_cycle_script NAME PATH COOKIE [PATH COOKIE]...: writes a wrk script
# that requests the (path, cookie) pairs in turn and prints its file name
wrk_cycle_script() {
  local name=$1; shift
  {
    echo "local reqs = {"
    while [ $# -gt 0 ]; do printf '  { "%s", "%s" },\n' "$1" "$2"; shift 2; done
    echo "}"
    echo "local i = 0"
    echo "request = function()"
    echo "  i = i % #reqs + 1"
    echo "  return wrk.format(\"GET\", reqs[i][1], { [\"Cookie\"] = reqs[i][2] })"
    echo "end"
  } >"$work/$name.lua"
  echo "$work/$name.lua"
}

# dashboard_home_scripts ONE_COOKIE: the wrk scripts of the dashboard
# benchmarks' home rows on bench/gen-dashboard.sh's data: home_one (the
# given session) and home_many (64 sessions of tenants spread over the data
# set, every 150th, in turn)
dashboard_home_scripts() {
  local i c cookies=() args=()
  for i in $(seq 0 63); do
    cookies+=("$(bench_session "$(printf 'bench-dash-%08d@example.com' $((1 + i * 150)))")")
  done
  home_one=$(wrk_cycle_script home_one / "$1")
  for c in "${cookies[@]}"; do args+=(/ "$c"); done
  home_many=$(wrk_cycle_script home_many "${args[@]}")
}

# wrk needs a descriptor per connection
raise_nofile() { ulimit -n 16384 2>/dev/null || ulimit -Sn "$(ulimit -Hn)" 2>/dev/null || true; }

# stall_watch_build: compiles bench/stallwatch.c into $work once (prints
# nothing; without a C compiler the rows' stall field is "-")
stall_watch_build() {
  [ -x "$work/stallwatch" ] ||
    cc -O2 -std=c11 -o "$work/stallwatch" "$(dirname "${BASH_SOURCE[0]}")/stallwatch.c" 2>/dev/null || true
}

# wrk_row NAME CONNS URL [wrk args...] -> "rps p50_ms p99_ms non2xx
# socket_errors stalls" (socket errors: connect/read/write/timeout as wrk
# counts them; stalls: "MAX_MS/N" of bench/stallwatch.c run beside wrk, the
# machine's longest hold-up in the row and how many exceeded 50 ms — a p99
# above the target in a row with stalls tells of the machine as much as of
# the program); wrk's output is kept in $work/NAME.txt. Needs DURATION and
# THREADS.
wrk_row() {
  local name=$1 conns=$2 url=$3; shift 3
  local f="$work/$name.txt" threads=$THREADS watch_pid=
  [ "$conns" -ge "$threads" ] || threads=$conns
  stall_watch_build
  if [ -x "$work/stallwatch" ]; then
    "$work/stallwatch" >"$work/$name.stalls" &
    watch_pid=$!
  fi
  wrk -t"$threads" -c"$conns" -d"$DURATION" --latency "$@" "$url" >"$f" 2>&1
  local rps p50 p99 bad sock stalls=-
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
# wrk's "812.00us", "3.50ms", "1.20s" in milliseconds
to_ms() {
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0;
    else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", (b > 0 ? a / b : 0) }'; }

# busy_note: a line for the results when the machine's 1-minute load average
# is above twice its core count (a benchmark's own wrk and stack leave about
# one per core behind; more means other work shared the cores and the
# figures are lower bounds); nothing otherwise.
busy_note() {
  awk -v n="$(nproc)" '{ if ($1 > 2 * n) printf "  (load average above twice the %d cores: other work shared the machine, figures are lower bounds)\n", n }' /proc/loadavg
}

# CPU time by process (load-independent, unlike req/s): tree PID prints a
# process and its descendants; ticks PID... the clock ticks (user + system)
# they used so far, read from /proc (divide by `getconf CLK_TCK`).
tree() { echo "$1"; local c; for c in $(pgrep -P "$1" || true); do tree "$c"; done; }
ticks() {
  local t=0 p f
  for p in "$@"; do
    f=$(sed 's/.*) //' "/proc/$p/stat" 2>/dev/null) || continue
    # shellcheck disable=SC2086 # the fields of /proc/PID/stat
    set -- $f
    t=$((t + ${12} + ${13}))
  done
  echo "$t"
}

# restart_with PROGRAM "Key = value": restarts one program of the stack with
# a copy of its config plus that line (to measure a feature on and off), the
# binary RESTART_BIN when set (to measure two builds); the stack's own
# `./mimamori up` puts it back. Needs VAR_DIR, CONFIG, ROOT.
restart_with() {
  local name=$1 run=$VAR_DIR/run conf=$work/$1-$RANDOM.hdf pid i
  cp "$CONFIG" "$conf"
  printf '\n%s\n' "$2" >>"$conf"
  pid=$(cat "$run/$name.pid")
  kill -TERM "$pid"
  for i in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  rm -f "$run/$name.sock"
  (cd "$VAR_DIR" && exec env GLIBC_TUNABLES=glibc.malloc.tcache_count=2000 setsid "${RESTART_BIN:-$ROOT/build/release/mimamori-$name}" --config "$conf" \
    --socket "$run/$name.sock" --workers "${MM_WORKERS:-4}" --pidfile "$run/$name.pid" \
    --socket-mode 0666 </dev/null >>"$VAR_DIR/log/$name.log" 2>&1) &
  for i in $(seq 100); do [ -S "$run/$name.sock" ] && break; sleep 0.1; done
}

# bench_write_section HEADING_START SECTION_FILE DOC: replaces the section of
# DOC whose "## " heading starts with HEADING_START (up to the next "## "
# heading) by SECTION_FILE, or appends it. Needs $work.
bench_write_section() {
  awk -v head="## $1" -v sec="$2" '
    index($0, head) == 1 { while ((getline l < sec) > 0) print l; skip = 1; done = 1; next }
    skip && /^## / { skip = 0; print ""; }
    !skip { print }
    END { if (!done) { print ""; while ((getline l < sec) > 0) print l } }
  ' "$3" >"$work/section-doc.md"
  cp "$work/section-doc.md" "$3"
  echo "written to $3" >&2
}

# The *-callgrind.sh scripts count the instructions of one worker of $BIN
# (a program of the stack in VAR_DIR), reached with cgi-fcgi, not nginx: a
# figure a busy machine does not move.
#
# callgrind_prepare NAME: needs valgrind and cgi-fcgi; sets work (a
# temporary directory, removed on exit with any worker left), out
# (VAR_DIR/callgrind), sock and conf (the stack's config, its Templates
# replaced by $TEMPLATES when that is set).
callgrind_prepare() {
  command -v valgrind >/dev/null && command -v cgi-fcgi >/dev/null ||
    { echo "needs valgrind and cgi-fcgi (apt-get install valgrind libfcgi-bin)" >&2; exit 1; }
  work=$(mktemp -d)
  out=$VAR_DIR/callgrind
  mkdir -p "$out"
  sock=$work/$1.sock
  trap 'pkill -f -- "--socket $sock" 2>/dev/null || true; rm -rf "$work"' EXIT
  conf=$work/mimamori.hdf
  if [ -n "${TEMPLATES:-}" ]; then
    sed "s|^\( *Templates = \).*|\1$TEMPLATES|" "$VAR_DIR/mimamori.hdf" >"$conf"
  else
    cp "$VAR_DIR/mimamori.hdf" "$conf"
  fi
}

# callgrind_count N PROFILE [VALGRIND_OPTION...]: starts $BIN under
# callgrind with one worker on $sock, asks the script's function `page`
# N times (the first answer kept in $work/first.html, the last in
# $work/last.html), stops the worker, keeps its profile as $out/PROFILE and
# prints its instruction total. The counts are written when the worker
# stops (callgrind_control does not reach a forked worker), hence one run
# per count.
callgrind_count() {
  local n=$1 profile=$2 pid w
  shift 2
  rm -f "$work"/cg.* "$sock"
  valgrind --tool=callgrind --callgrind-out-file="$work/cg.%p" "$@" "$BIN" --config "$conf" \
    --socket "$sock" --workers 1 >"$work/valgrind.log" 2>&1 &
  pid=$!
  for _ in $(seq 600); do [ -S "$sock" ] && break; sleep 0.1; done
  [ -S "$sock" ] || { cat "$work/valgrind.log" >&2; return 1; }
  page >"$work/first.html"
  cp "$work/first.html" "$work/last.html"
  w=$(pgrep -P "$pid" | head -n 1)
  for _ in $(seq 2 "$n"); do page >"$work/last.html"; done
  # the worker directly, and again: under valgrind a signal that comes
  # just before it blocks in accept() leaves it waiting for a request
  kill -TERM "$pid"
  while kill -0 "$w" 2>/dev/null; do kill -TERM "$w" 2>/dev/null || true; sleep 0.5; done
  wait "$pid" || true
  cp "$work/cg.$w" "$out/$profile"
  awk '/^(summary|totals):/ {print $2; exit}' "$work/cg.$w"
}

# --- interleaved A/B rounds (bench/page-views.sh, bench/history-page.sh) ------
# One round of a setting is a static row and a page row back to back, so
# each ratio to static is taken under the same load. Rounds alternate the
# order of the two settings (A B, B A, A B, …) so a load that drifts during
# the run is shared by both.
#
# ab_measure NAME CONNS URL PROGRAM [wrk args...] -> "rps p99 static_rps
# nginx_us app_us db_us": the page at CONNS connections beside nginx's
# static file, and the CPU per request of nginx, PROGRAM (its supervisor and
# workers) and MariaDB over the page row. Needs VAR_DIR, work, DURATION,
# THREADS, BASE.
ab_measure() {
  local name=$1 conns=$2 url=$3 prog=$4 s_rps nginx_pids app_pids db_pids n1 a1 d1 n2 a2 d2 row reqs hz
  shift 4
  hz=$(getconf CLK_TCK)
  read -r s_rps _ < <(wrk_row "$name-static" 64 "$BASE/static/bench-2k.txt")
  nginx_pids=$(tree "$(cat "$VAR_DIR/nginx/nginx.pid")")
  app_pids=$(tree "$(cat "$VAR_DIR/run/$prog.pid")")
  db_pids=$(cat "$VAR_DIR/run/db/mariadb.pid")
  # shellcheck disable=SC2086 # pid lists
  read -r n1 a1 d1 <<<"$(ticks $nginx_pids) $(ticks $app_pids) $(ticks $db_pids)"
  row=$(wrk_row "$name" "$conns" "$url" "$@")
  # shellcheck disable=SC2086
  read -r n2 a2 d2 <<<"$(ticks $nginx_pids) $(ticks $app_pids) $(ticks $db_pids)"
  reqs=$(awk '/requests in/ {print $1}' "$work/$name.txt")
  # shellcheck disable=SC2086 # wrk_row's fields
  set -- $row
  [ "$4" = 0 ] || echo "$name: $4 answers not 2xx/3xx (a session gone?): the row measures something else" >&2
  awk -v rps="$1" -v p99="$3" -v s="$s_rps" -v n="$reqs" -v hz="$hz" -v dn=$((n2 - n1)) -v da=$((a2 - a1)) -v dd=$((d2 - d1)) \
    'BEGIN { printf "%s %s %s %.0f %.0f %.0f\n", rps, p99, s, dn*1e6/hz/n, da*1e6/hz/n, dd*1e6/hz/n }'
}

# ab_summary ROWS NAME_A NAME_B: ROWS holds "round setting(A|B) rps p99
# static_rps nginx_us app_us db_us" lines; prints a markdown table of the
# rounds, then each setting's mean and standard deviation (over rounds) of
# the ratio to static, p99 and server CPU per request (nginx + program +
# MariaDB), and whether B differs from A by more than the rounds' spread:
# the difference of the means against twice its standard error (Welch),
# and against the range of A's own rounds.
ab_summary() {
  local rows=$1 a=$2 b=$3
  echo "| round | setting | req/s | static req/s | × static | p99 ms | CPU µs/req nginx / program / MariaDB |"
  echo "|---:|---|---:|---:|---:|---:|---:|"
  awk -v a="$a" -v b="$b" '{ printf "| %s | %s | %s | %s | %.3f | %s | %s / %s / %s |\n", $1, ($2 == "A" ? a : b), $3, $5, $3 / $5, $4, $6, $7, $8 }' "$rows"
  echo
  awk -v a="$a" -v b="$b" '
    function sd(s, ss, n) { return n > 1 ? sqrt((ss - s * s / n) / (n - 1)) : 0 }
    { k = $2; n[k]++; r = $3 / $5; c = $6 + $7 + $8
      rs[k] += r; rss[k] += r * r; ps[k] += $4; pss[k] += $4 * $4; cs[k] += c; css[k] += c * c
      if (!(k in rmin) || r < rmin[k]) rmin[k] = r; if (!(k in rmax) || r > rmax[k]) rmax[k] = r
      if (!(k in cmin) || c < cmin[k]) cmin[k] = c; if (!(k in cmax) || c > cmax[k]) cmax[k] = c }
    END {
      print "| setting | rounds | × static: mean ± sd (min–max) | p99 ms: mean ± sd | server CPU µs/req: mean ± sd (min–max) |"
      print "|---|---:|---:|---:|---:|"
      for (i = 0; i < 2; i++) { k = i ? "B" : "A"
        printf "| %s | %d | %.4f ± %.4f (%.4f–%.4f) | %.1f ± %.1f | %.0f ± %.0f (%.0f–%.0f) |\n", (i ? b : a), n[k],
          rs[k] / n[k], sd(rs[k], rss[k], n[k]), rmin[k], rmax[k], ps[k] / n[k], sd(ps[k], pss[k], n[k]),
          cs[k] / n[k], sd(cs[k], css[k], n[k]), cmin[k], cmax[k] }
      ma = rs["A"] / n["A"]; mb = rs["B"] / n["B"]
      se = sqrt(sd(rs["A"], rss["A"], n["A"])^2 / n["A"] + sd(rs["B"], rss["B"], n["B"])^2 / n["B"])
      ca = cs["A"] / n["A"]; cb = cs["B"] / n["B"]
      sec = sqrt(sd(cs["A"], css["A"], n["A"])^2 / n["A"] + sd(cs["B"], css["B"], n["B"])^2 / n["B"])
      printf "\n%s against %s: × static %+.1f %% (%+.4f; twice its standard error %.4f, %s), the range of the rounds of %s %.4f;",
        b, a, (mb / ma - 1) * 100, mb - ma, 2 * se, ((mb - ma) ^ 2 > 4 * se * se ? "exceeds it" : "within it"), a, rmax["A"] - rmin["A"]
      printf " server CPU %+.0f µs per request (twice its standard error %.0f, %s).\n",
        cb - ca, 2 * sec, ((cb - ca) ^ 2 > 4 * sec * sec ? "exceeds it" : "within it") }' "$rows"
}
