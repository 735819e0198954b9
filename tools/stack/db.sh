# shellcheck shell=bash
# A private MariaDB server per stack: data in $VAR/db, socket only (no TCP).
# Sourced by ./mimamori.

db_admin() { mariadb-admin --no-defaults --socket="$DB_SOCK" -uroot "$@"; }
db_root_sql() { mariadb --no-defaults --socket="$DB_SOCK" -uroot --batch -e "$1"; }
db_ping() { db_admin --connect-timeout=2 ping >/dev/null 2>&1; }

db_running() {
  local pid
  pid=$(pid_from "$DB_PID") || return 1
  pid_alive "$pid" mariadbd && db_ping
}

db_start() {
  local flush=${1:-1}
  if db_running; then
    say "MariaDB already running (socket $DB_SOCK)"
    return 0
  fi
  mkdir -p "$VAR/tmp" "$LOG"
  local user_opt=()
  [ "$(id -u)" -ne 0 ] || user_opt=(--user=root)
  # The marker is written only after a complete install: a half-made data
  # dir (interrupted install) is made again.
  if [ ! -f "$VAR/db.initialized" ]; then
    rm -rf "$VAR/db"
    say "initialising MariaDB data dir $VAR/db"
    # its bootstrap server's temporary tables in a dir of its own: every
    # mariadbd starting deletes the #sql files it finds in its tmpdir, so in
    # a shared /tmp one install (or test server) removes another's.
    mariadb-install-db --no-defaults --datadir="$VAR/db" --tmpdir="$VAR/tmp" "${user_opt[@]}" \
      --auth-root-authentication-method=normal --skip-test-db \
      >"$LOG/mariadb-install.log" 2>&1 || {
        log_tail "$LOG/mariadb-install.log"
        die "mariadb-install-db failed"
      }
    touch "$VAR/db.initialized"
  fi
  rm -f "$DB_SOCK"
  # $VAR/db.options: extra server options of this stack, one per line (a
  # benchmark's buffer pool, bench/gen-dashboard.sh), kept across restarts
  local extra_opts=()
  [ ! -f "$VAR/db.options" ] || mapfile -t extra_opts < <(grep -E '^--[a-z0-9-]+=' "$VAR/db.options")
  # utf8mb4 explicitly: --no-defaults would otherwise mean latin1.
  # innodb-flush-log-at-trx-commit=2 (test stacks): a commit survives a crash
  # of any process, only an OS crash may lose the last second.
  # innodb-adaptive-hash-index (off by default since MariaDB 10.5): the
  # keyword search's primary-key probes cost MariaDB a fifth less CPU with
  # it, the alert ingestion a tenth (docs/benchmarks.md).
  setsid mariadbd --no-defaults --datadir="$VAR/db" --socket="$DB_SOCK" \
    --skip-networking "${user_opt[@]}" --pid-file="$DB_PID" \
    --log-error="$LOG/mariadb.err" --tmpdir="$VAR/tmp" \
    --character-set-server=utf8mb4 --collation-server=utf8mb4_general_ci \
    --innodb-flush-log-at-trx-commit="$flush" --innodb-adaptive-hash-index=ON \
    "${extra_opts[@]}" \
    </dev/null >>"$LOG/mariadb.out" 2>&1 &
  local spawned=$!
  echo "$spawned" >"$RUN/db/mariadb.spawn"
  if ! poll 60 db_ready_or_dead "$spawned"; then
    log_tail "$LOG/mariadb.err"
    die "MariaDB did not become ready within 60s"
  fi
  if ! pid_alive "$spawned"; then
    log_tail "$LOG/mariadb.err"
    die "mariadbd exited during start-up"
  fi
}

# Poll condition: ready, or the server process died (checked by the caller).
db_ready_or_dead() { db_ping || ! pid_alive "$1"; }

# Database and application user (password from secrets.hdf).
db_setup_app() {
  local pw
  pw=$(sed -n 's/^[[:space:]]*Db\.Password[[:space:]]*=[[:space:]]*//p' "$SECRETS")
  [[ $pw =~ ^[0-9a-f]+$ ]] || die "no usable Db.Password in $SECRETS"
  db_root_sql "CREATE DATABASE IF NOT EXISTS mimamori CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;
CREATE USER IF NOT EXISTS 'mimamori'@'localhost' IDENTIFIED BY '$pw';
ALTER USER 'mimamori'@'localhost' IDENTIFIED BY '$pw';
GRANT ALL PRIVILEGES ON mimamori.* TO 'mimamori'@'localhost';" \
    || die "could not create the database or its user"
}

db_stop() {
  local pid spawned
  pid=$(pid_from "$DB_PID") || pid=
  spawned=$(pid_from "$RUN/db/mariadb.spawn") || spawned=
  [ -n "$pid" ] || pid=$spawned
  if [ -n "$pid" ] && pid_alive "$pid" mariadbd; then
    db_admin shutdown >/dev/null 2>&1 || true
    if ! poll 30 pid_gone "$pid" mariadbd; then
      stop_pid "$pid" mariadbd 30
    fi
    say "MariaDB stopped"
  fi
  rm -f "$RUN/db/mariadb.spawn"
}
