# shellcheck shell=bash
# The FastCGI programs: one socket, pid file and log per program.
# Sourced by ./mimamori. Uses MM_PROGRAMS, BUILD, CONF, RUN, LOG, APP_ENV.

app_stop() {
  local name=$1 pid spawned
  pid=$(pid_from "$RUN/$name.pid") || pid=
  spawned=$(pid_from "$RUN/$name.spawn") || spawned=
  local p stopped=
  for p in $pid $spawned; do
    if pid_alive "$p" "mimamori-$name"; then
      stop_pid "$p" "mimamori-$name" 15
      stopped=1
    fi
  done
  [ -z "$stopped" ] || say "mimamori-$name stopped"
  rm -f "$RUN/$name.spawn" "$RUN/$name.pid" "$RUN/$name.sock"
}

# Every program that has a pid file in the run dir, listed or not.
apps_stop_all() {
  local f name
  for f in "$RUN"/*.pid "$RUN"/*.spawn; do
    [ -e "$f" ] || continue
    name=$(basename "$f"); name=${name%.*}
    [ "$name" != mariadb ] || continue
    app_stop "$name"
  done
}

app_pid_alive() {
  local name=$1 spawned=$2 pid
  pid=$(pid_from "$RUN/$name.pid") || pid=
  pid_alive "$spawned" || { [ -n "$pid" ] && pid_alive "$pid"; }
}
# Poll condition: the socket is there, or the program died.
app_socket_or_dead() { [ -S "$RUN/$1.sock" ] || ! app_pid_alive "$1" "$2"; }

# (Re)start every program in MM_PROGRAMS from $BUILD and wait for its socket.
apps_start() {
  local name bin spawned_pids=() maxconn
  # the programs queue waiting requests up to this; beyond it nginx answers 503
  maxconn=$(cat /proc/sys/net/core/somaxconn 2>/dev/null || echo 0)
  [ "$maxconn" -ge 1024 ] ||
    say "warning: net.core.somaxconn is $maxconn: under load, requests beyond that many per program get 503 (raise it: sysctl -w net.core.somaxconn=4096)"
  for name in $MM_PROGRAMS; do
    bin=$BUILD/mimamori-$name
    [ -x "$bin" ] || die "$bin was not built"
    app_stop "$name"
  done
  for name in $MM_PROGRAMS; do
    bin=$BUILD/mimamori-$name
    printf '\n=== %s start %s\n' "$(date -u +%FT%TZ)" "$name" >>"$LOG/$name.log"
    (cd "$VAR" && exec env "${APP_ENV[@]}" setsid "$bin" --config "$CONF" \
      --socket "$RUN/$name.sock" --workers "${MM_WORKERS:-4}" \
      --pidfile "$RUN/$name.pid" --socket-mode 0666 \
      </dev/null >>"$LOG/$name.log" 2>&1) &
    echo $! >"$RUN/$name.spawn"
    spawned_pids+=("$!")
  done
  local i=0
  for name in $MM_PROGRAMS; do
    local pid=${spawned_pids[$i]}; i=$((i + 1))
    if ! poll 30 app_socket_or_dead "$name" "$pid" || ! app_pid_alive "$name" "$pid"; then
      log_tail "$LOG/$name.log"
      die "mimamori-$name did not come up (no socket $RUN/$name.sock)"
    fi
  done
  say "programs running: $MM_PROGRAMS (sockets in $RUN)"
}

# Daemons (no socket; e.g. the notifier) from MM_DAEMONS: started with
# --config FILE --pidfile PATH, ready once their pid file names a live process.
daemon_ready_or_dead() {
  local name=$1 spawned=$2 pid
  pid=$(pid_from "$RUN/$name.pid") || pid=
  { [ -n "$pid" ] && pid_alive "$pid"; } || ! pid_alive "$spawned"
}

daemons_start() {
  local name bin
  for name in $MM_DAEMONS; do
    bin=$BUILD/mimamori-$name
    [ -x "$bin" ] || die "$bin was not built"
    app_stop "$name"
    printf '\n=== %s start %s\n' "$(date -u +%FT%TZ)" "$name" >>"$LOG/$name.log"
    (cd "$VAR" && exec env "${APP_ENV[@]}" setsid "$bin" --config "$CONF" \
      --pidfile "$RUN/$name.pid" </dev/null >>"$LOG/$name.log" 2>&1) &
    local spawned=$!
    echo "$spawned" >"$RUN/$name.spawn"
    if ! poll 30 daemon_ready_or_dead "$name" "$spawned" || ! app_pid_alive "$name" "$spawned"; then
      log_tail "$LOG/$name.log"
      die "mimamori-$name did not start"
    fi
  done
}
