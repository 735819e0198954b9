# shellcheck shell=bash
# nginx for a stack: generated from nginx/dev.conf.in, run from the var dir.
# Sourced by ./mimamori.

nginx_cmd() { nginx -c "$NGINX_CONF" -p "$VAR/nginx/" -e "$LOG/nginx-error.log" "$@"; }

# Open files for nginx's workers (worker_rlimit_nofile in nginx/dev.conf.in):
# raised as far as this shell may (root: both limits; else up to the hard one).
raise_nofile() {
  local want=16384 hard
  ulimit -n "$want" 2>/dev/null && return 0
  hard=$(ulimit -Hn)
  [ "$hard" = unlimited ] || [ "$hard" -ge "$want" ] || want=$hard
  ulimit -Sn "$want" 2>/dev/null || true
}

nginx_running() {
  local pid
  pid=$(pid_from "$NGINX_PID") || return 1
  pid_alive "$pid" nginx
}

# When root, workers run as nobody: they must reach the sockets, the temp
# dirs and www/. If the tree is not readable by nobody (say, a clone under
# /root), the workers keep root's identity: acceptable for a stack that
# listens on 127.0.0.1 only, and said aloud.
nginx_user_line() {
  [ "$(id -u)" -eq 0 ] || return 0
  if runuser -u nobody -- test -x "$RUN" -a -x "$VAR/nginx" -a -r "$WWW/static" -a -x "$WWW/static" 2>/dev/null; then
    echo "user nobody nogroup;"
  else
    say "warning: $ROOT is not readable by 'nobody'; nginx workers run as root (loopback only)"
    echo "user root root;"
  fi
}

nginx_app_locations() {
  local name out=""
  for name in $MM_PROGRAMS; do
    local extra=""
    # the history's exports stream, never through a temp file of nginx
    # (as in nginx/mimamori.conf.sample)
    [ "$name" != history ] || extra="
            fastcgi_max_temp_file_size 0;"
    out+="        location /$name/ {
            fastcgi_pass unix:$RUN/$name.sock;$extra
        }
"
    # The analyst console of each area (auth and the device API have none).
    if [ "$name" != auth ] && [ "$name" != ingest ]; then
      out+="        location /staff/$name/ {
            fastcgi_pass unix:$RUN/$name.sock;
        }
"
    fi
  done
  printf '%s' "$out"
}

# nginx_conf PORT: write $NGINX_CONF.
nginx_conf() {
  local port=$1 text
  # --tls: the production site sample instead (tools/stack/tls.sh)
  if [ -n "${OPT_TLS:-}" ]; then nginx_conf_tls "$port"; return; fi
  mkdir -p "$VAR/nginx" "$LOG"
  text=$(<"$ROOT/nginx/dev.conf.in")
  text=${text//"@USER_LINE@"/"$(nginx_user_line)"}
  text=${text//"@APP_LOCATIONS@"/"$(nginx_app_locations)"}
  text=${text//"@VAR@"/"$VAR"}
  text=${text//"@RUN@"/"$RUN"}
  text=${text//"@WWW@"/"$WWW"}
  text=${text//"@PORT@"/"$port"}
  printf '%s\n' "$text" >"$NGINX_CONF.tmp"
  mv "$NGINX_CONF.tmp" "$NGINX_CONF"
}

# nginx_start PORT: start, or reload when it already runs on that port.
# Returns 2 when the port is taken, 1 on other errors.
nginx_start() {
  local port=$1
  nginx_conf "$port"
  if nginx_running; then
    if [ "$(cat "$VAR/port" 2>/dev/null)" = "$port" ]; then
      nginx_cmd -t -q || die "nginx configuration test failed"
      nginx_cmd -s reload || die "nginx reload failed"
      say "nginx reloaded on 127.0.0.1:$port"
      return 0
    fi
    nginx_stop
  fi
  local mark
  touch "$LOG/nginx-error.log"
  mark=$(wc -c <"$LOG/nginx-error.log")
  if ! (raise_nofile; nginx_cmd) 2>>"$LOG/nginx-error.log"; then
    if tail -c +"$((mark + 1))" "$LOG/nginx-error.log" | grep -q 'Address already in use'; then
      return 2
    fi
    log_tail "$LOG/nginx-error.log" 15
    return 1
  fi
  echo "$port" >"$VAR/port"
  say "nginx listening on 127.0.0.1:$port"
}

nginx_stop() {
  local pid
  pid=$(pid_from "$NGINX_PID") || return 0
  if pid_alive "$pid" nginx; then
    kill -TERM "$pid" 2>/dev/null || true
    poll 15 pid_gone "$pid" nginx || stop_pid "$pid" nginx 5
    say "nginx stopped"
  fi
  rm -f "$NGINX_PID"
}
