# shellcheck shell=bash
# Outbox delivery of a local stack (X-3): the notifier daemon and the two
# local sinks it delivers to (nothing leaves the machine):
#
#   mm_sinks_start VAR_DIR     start the SMTP sink (mail -> VAR_DIR/mail/*.eml),
#                              the SMS gateway sink (VAR_DIR/sms/*.json) and
#                              the chat webhook sink (VAR_DIR/webhook/*.json,
#                              its base URL in VAR_DIR/run/sinks/webhook-url);
#                              prints the config lines that point the
#                              notifier at them (append them to the config)
#   mm_sinks_stop VAR_DIR
#   mm_notifier_start BUILD_DIR CONFIG VAR_DIR
#                              mimamori-notifier --config CONFIG --pidfile
#                              VAR_DIR/run/notifier.pid, log VAR_DIR/log/notifier.log
#   mm_notifier_stop VAR_DIR   SIGTERM (the message in flight is finished)
#
# Sourced by ./mimamori after common.sh (say, die, poll, pid_from,
# pid_alive, stop_pid, log_tail); minimal stand-ins are defined below when
# sourced on its own. The notifier gets "${APP_ENV[@]}" as extra
# environment when that array is set. Sink pids, ports and the SMS token live in
# VAR_DIR/run/sinks/ (not VAR_DIR/run/*.pid, which the program stop loop
# treats as mimamori-<name> programs); the notifier's pid file is
# VAR_DIR/run/notifier.pid like any daemon's.
# Stop the notifier before the sinks, so it does not record failures for
# messages it could have delivered.

MM_NOTIFIER_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
MM_PYTHON=${MM_PYTHON:-/usr/bin/python3}

if ! declare -F say >/dev/null; then
  say() { printf 'mimamori: %s\n' "$*" >&2; }
fi
if ! declare -F poll >/dev/null; then
  poll() {
    local timeout=$1; shift
    local deadline=$((SECONDS + timeout))
    while :; do
      "$@" && return 0
      [ "$SECONDS" -lt "$deadline" ] || return 1
      sleep 0.05
    done
  }
fi
if ! declare -F pid_from >/dev/null; then
  pid_from() {
    local pid
    [ -f "$1" ] || return 1
    pid=$(tr -dc '0-9' <"$1" 2>/dev/null) || return 1
    [ -n "$pid" ] || return 1
    printf '%s' "$pid"
  }
fi
if ! declare -F pid_alive >/dev/null; then
  pid_alive() {
    local pid=$1 name=${2:-} state cmdline
    if [ -z "$pid" ] || ! kill -0 "$pid" 2>/dev/null; then return 1; fi
    state=$(sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null | cut -d' ' -f1)
    [ "$state" != Z ] || return 1
    if [ -n "$name" ]; then
      cmdline=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || return 1
      [[ $cmdline == *"$name"* ]] || return 1
    fi
  }
fi
if ! declare -F stop_pid >/dev/null; then
  stop_pid() {
    local pid=$1 name=$2 timeout=${3:-15}
    pid_alive "$pid" "$name" || return 0
    kill -TERM "$pid" 2>/dev/null || true
    if ! poll "$timeout" _mm_nt_gone "$pid" "$name"; then
      say "$name (pid $pid) did not stop within ${timeout}s; killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  }
  _mm_nt_gone() { ! pid_alive "$@"; }
fi
if ! declare -F log_tail >/dev/null; then
  log_tail() {
    [ -f "$1" ] || return 0
    printf -- '--- last %s lines of %s ---\n' "${2:-30}" "$1" >&2
    tail -n "${2:-30}" "$1" | sed 's/^/  /' >&2
  }
fi

# Poll condition: the port file is there, or the process died.
_mm_sink_ready_or_dead() { [ -s "$1" ] || ! pid_alive "$2"; }

# _mm_sink_start VAR_DIR NAME SCRIPT ARGS...: one sink in its own session;
# the kernel picks the port, the sink writes it to run/sinks/NAME.port.
_mm_sink_start() {
  local var=$1 name=$2 script=$3; shift 3
  local dir=$var/run/sinks
  rm -f "$dir/$name.port"
  printf '\n=== %s start %s\n' "$(date -u +%FT%TZ)" "$name" >>"$var/log/$name.log"
  (exec setsid "$MM_PYTHON" "$MM_NOTIFIER_ROOT/tools/dev/$script" --port 0 \
     --port-file "$dir/$name.port" --pid-file "$dir/$name.pid" "$@" \
     </dev/null >>"$var/log/$name.log" 2>&1) &
  local pid=$!
  echo "$pid" >"$dir/$name.pid"   # the sink writes its own pid once ready
  if ! poll 20 _mm_sink_ready_or_dead "$dir/$name.port" "$pid" \
     || ! pid_alive "$(pid_from "$dir/$name.pid")" "$script"; then
    log_tail "$var/log/$name.log" 20
    say "$name did not start (no port file $dir/$name.port)"
    return 1
  fi
}

mm_sinks_stop() {
  local var=${1:?mm_sinks_stop VAR_DIR} name pid
  for name in smtp-sink sms-sink webhook-sink; do
    pid=$(pid_from "$var/run/sinks/$name.pid") || continue
    stop_pid "$pid" "$name.py" 10
    rm -f "$var/run/sinks/$name.pid" "$var/run/sinks/$name.port"
  done
}

mm_sinks_start() {
  local var=${1:?mm_sinks_start VAR_DIR}
  [ -x "$MM_PYTHON" ] || { say "$MM_PYTHON not found (Debian package python3)"; return 1; }
  "$MM_PYTHON" -c 'import aiosmtpd' 2>/dev/null \
    || { say "aiosmtpd missing (Debian package python3-aiosmtpd)"; return 1; }
  mkdir -p "$var/mail" "$var/sms" "$var/webhook" "$var/log" "$var/run/sinks"
  chmod 0700 "$var/run/sinks"
  mm_sinks_stop "$var"
  local token_file=$var/run/sinks/sms-token
  if [ ! -s "$token_file" ]; then
    (umask 077; "$MM_PYTHON" -c 'import secrets; print(secrets.token_hex(24))' >"$token_file.tmp" \
       && mv "$token_file.tmp" "$token_file") || return 1
  fi
  _mm_sink_start "$var" smtp-sink smtp-sink.py --dir "$var/mail" || return 1
  _mm_sink_start "$var" sms-sink sms-sink.py --dir "$var/sms" --path /sms \
    --token-file "$token_file" || { mm_sinks_stop "$var"; return 1; }
  _mm_sink_start "$var" webhook-sink webhook-sink.py --dir "$var/webhook" \
    || { mm_sinks_stop "$var"; return 1; }
  printf 'http://127.0.0.1:%s\n' "$(tr -dc 0-9 <"$var/run/sinks/webhook-sink.port")" \
    >"$var/run/sinks/webhook-url"
  say "sinks running: mail -> $var/mail, sms -> $var/sms, chat webhooks -> $var/webhook" \
    "($(cat "$var/run/sinks/webhook-url")/hook/...)"
  printf 'Mail.From = Mimamori <noreply@mimamori.example>\n'
  printf 'Mail.Smtp.Url = smtp://127.0.0.1:%s\n' "$(tr -dc 0-9 <"$var/run/sinks/smtp-sink.port")"
  # the local sinks speak neither STARTTLS nor HTTPS
  printf 'Mail.Smtp.StartTls = off\nSms.AllowPlainHttp = 1\n'
  printf 'Sms.Url = http://127.0.0.1:%s/sms\n' "$(tr -dc 0-9 <"$var/run/sinks/sms-sink.port")"
  printf 'Sms.Token = %s\n' "$(tr -dc 0-9a-f <"$token_file")"
  # the local webhook sink is plain http on 127.0.0.1: allowed here only
  printf 'Chat.AllowLocalSink = 1\n'
  # the demo's chat linkage (tools/demo_chat.c) points at it
  printf 'Chat.DemoWebhookUrl = %s/hook/demo\n' "$(cat "$var/run/sinks/webhook-url")"
}

mm_notifier_stop() {
  local var=${1:?mm_notifier_stop VAR_DIR} p stopped=
  for p in $(pid_from "$var/run/notifier.pid") $(pid_from "$var/run/notifier.spawn"); do
    if pid_alive "$p" mimamori-notifier; then
      stop_pid "$p" mimamori-notifier 40
      stopped=1
    fi
  done
  rm -f "$var/run/notifier.pid" "$var/run/notifier.spawn"
  [ -z "$stopped" ] || say "mimamori-notifier stopped"
}

# Poll condition: the pid file names a live process, or the start failed.
_mm_notifier_ready_or_dead() {
  local pid
  pid=$(pid_from "$1/run/notifier.pid") || pid=
  { [ -n "$pid" ] && pid_alive "$pid" mimamori-notifier; } || ! pid_alive "$2"
}

mm_notifier_start() {
  local build=${1:?mm_notifier_start BUILD_DIR CONFIG VAR_DIR} conf=${2:?} var=${3:?}
  local bin=$build/mimamori-notifier
  [ -x "$bin" ] || { say "$bin was not built"; return 1; }
  mkdir -p "$var/run" "$var/log"
  mm_notifier_stop "$var"
  local envs=()
  if [ -n "${APP_ENV+x}" ]; then envs=("${APP_ENV[@]}"); fi
  printf '\n=== %s start notifier\n' "$(date -u +%FT%TZ)" >>"$var/log/notifier.log"
  (cd "$var" && exec env "${envs[@]}" setsid "$bin" --config "$conf" \
     --pidfile "$var/run/notifier.pid" </dev/null >>"$var/log/notifier.log" 2>&1) &
  local spawned=$!
  echo "$spawned" >"$var/run/notifier.spawn"
  if ! poll 30 _mm_notifier_ready_or_dead "$var" "$spawned" \
     || ! pid_alive "$(pid_from "$var/run/notifier.pid")" mimamori-notifier; then
    log_tail "$var/log/notifier.log" 20
    say "mimamori-notifier did not start"
    return 1
  fi
  say "mimamori-notifier running (log $var/log/notifier.log)"
}
