# shellcheck shell=bash
# Shared helpers for ./mimamori: messages, polling, pid files, paths.
# Sourced by ./mimamori; expects ROOT to be set to the top of the tree.

say() { printf 'mimamori: %s\n' "$*" >&2; }
die() { printf 'mimamori: error: %s\n' "$*" >&2; exit 1; }

# Print the last lines of a log file (indented) to stderr, if it exists.
log_tail() {
  local file=$1 lines=${2:-30}
  [ -f "$file" ] || return 0
  printf -- '--- last %s lines of %s ---\n' "$lines" "$file" >&2
  tail -n "$lines" "$file" | sed 's/^/  /' >&2
  printf -- '---\n' >&2
}

# poll TIMEOUT_SECONDS COMMAND [ARGS...]
# Runs COMMAND until it succeeds; returns 1 once TIMEOUT_SECONDS have passed.
# The short sleep only spaces out the checks: the condition is what we wait on.
poll() {
  local timeout=$1; shift
  local deadline=$((SECONDS + timeout))
  while :; do
    "$@" && return 0
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 0.05
  done
}

# Pid stored in a pid file, or nothing.
pid_from() {
  local file=$1 pid
  [ -f "$file" ] || return 1
  pid=$(tr -dc '0-9' <"$file" 2>/dev/null) || return 1
  [ -n "$pid" ] || return 1
  printf '%s' "$pid"
}

# pid_alive PID [NAME]: the process exists (and its command line mentions NAME).
pid_alive() {
  local pid=$1 name=${2:-}
  if [ -z "$pid" ] || ! kill -0 "$pid" 2>/dev/null; then return 1; fi
  # A zombie is as good as gone.
  if [ -r "/proc/$pid/stat" ]; then
    local state
    state=$(sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null | cut -d' ' -f1)
    [ "$state" != Z ] || return 1
  fi
  if [ -n "$name" ] && [ -r "/proc/$pid/cmdline" ]; then
    local cmdline
    cmdline=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || return 1
    [[ $cmdline == *"$name"* ]] || return 1
  fi
  return 0
}

pid_gone() { ! pid_alive "$@"; }

# stop_pid PID NAME [TIMEOUT]: SIGTERM, wait, then SIGKILL the process group.
stop_pid() {
  local pid=$1 name=$2 timeout=${3:-15}
  pid_alive "$pid" "$name" || return 0
  kill -TERM "$pid" 2>/dev/null || true
  if ! poll "$timeout" pid_gone "$pid" "$name"; then
    say "$name (pid $pid) did not stop within ${timeout}s; killing it"
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
    poll 5 pid_gone "$pid" "$name" || say "could not kill $name (pid $pid)"
  fi
}

# Escape a value for the replacement part of sed s|...|...|.
sed_escape() { printf '%s' "$1" | sed -e 's/[\\|&]/\\&/g'; }

# A port nobody listens on right now (the kernel picks it). The caller still
# treats nginx's bind as the final word: another process may take it first.
free_port() {
  if command -v python3 >/dev/null 2>&1; then
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' && return 0
  fi
  if command -v node >/dev/null 2>&1; then
    node -e 'const s = require("net").createServer(); s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });' && return 0
  fi
  echo $((20000 + RANDOM % 40000))
}

# set_paths VAR_DIR: absolute paths of everything a stack uses.
#   VAR   var dir          RUN  sockets and pid files (short path, see below)
#   LOG   logs             CONF generated HDF config
set_paths() {
  mkdir -p "$1"
  VAR=$(cd "$1" && pwd -P)
  LOG=$VAR/log
  CONF=$VAR/mimamori.hdf
  SECRETS=$VAR/secrets.hdf
  NGINX_CONF=$VAR/nginx.conf
  NGINX_PID=$VAR/nginx/nginx.pid
  WWW=$ROOT/www
  # Unix socket paths are limited to 108 bytes (sun_path). When $VAR/run
  # would be too long, the run dir lives under /tmp and $VAR/run is a
  # symlink to it (the symlink is the record; the short path is what we use).
  local longest=0 p
  for p in db/mariadb $MM_PROGRAMS; do
    if [ ${#p} -gt "$longest" ]; then longest=${#p}; fi
  done
  if [ -L "$VAR/run" ]; then
    RUN=$(readlink "$VAR/run")
    [ -d "$RUN" ] || { rm -f "$VAR/run"; RUN=; }
  else
    RUN=
  fi
  if [ -z "$RUN" ]; then
    if [ $((${#VAR} + 4 + 1 + longest + 5)) -lt 100 ]; then
      RUN=$VAR/run
      mkdir -p "$RUN"
    else
      RUN=$(mktemp -d /tmp/mm-run.XXXXXX)
      ln -sfn "$RUN" "$VAR/run"
    fi
  fi
  # nginx workers (nobody when started by root) must reach the program
  # sockets; MariaDB's socket (root without password) stays private.
  chmod 0755 "$RUN"
  mkdir -p "$RUN/db"
  chmod 0700 "$RUN/db"
  DB_SOCK=$RUN/db/mariadb.sock
  DB_PID=$RUN/db/mariadb.pid
}

# Remove a run dir that was placed under /tmp (after everything stopped).
drop_tmp_run() {
  if [ -L "$VAR/run" ]; then
    local target
    target=$(readlink "$VAR/run")
    case $target in
      /tmp/mm-run.*) rm -rf "$target" ;;
    esac
    rm -f "$VAR/run"
  fi
}
