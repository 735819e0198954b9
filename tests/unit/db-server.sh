#!/bin/sh
# A throwaway MariaDB server for the database unit tests:
#   db-server.sh start DIR PID   data dir, socket DIR/db.sock, database mm_unit;
#                                the server goes when process PID does (a test
#                                that crashed does not leave it running)
#   db-server.sh stop DIR
#   db-server.sh block-commits DIR SECONDS, unblock-commits DIR
#                                another session holds COMMITs back (backup lock)
set -eu
cmd=$1 dir=$2
sock=$dir/db.sock
user_opt=
[ "$(id -u)" -ne 0 ] || user_opt=--user=root
ping() { mariadb-admin --no-defaults --socket="$sock" -uroot --connect-timeout=2 ping >/dev/null 2>&1; }
case $cmd in
start)
  # its own tmpdir: a mariadbd starting deletes the #sql files of its
  # tmpdir, in a shared /tmp another install's temporary tables
  mariadb-install-db --no-defaults --datadir="$dir/db" --tmpdir="$dir" $user_opt \
    --auth-root-authentication-method=normal --skip-test-db >"$dir/install.log" 2>&1
  mariadbd --no-defaults --datadir="$dir/db" --socket="$sock" --skip-networking $user_opt \
    --pid-file="$dir/db.pid" --log-error="$dir/db.err" --tmpdir="$dir" \
    --character-set-server=utf8mb4 --collation-server=utf8mb4_general_ci \
    --innodb-flush-log-at-trx-commit=2 --innodb-buffer-pool-size=16M \
    </dev/null >/dev/null 2>&1 &
  echo $! >"$dir/db.spawn"
  i=0
  until ping; do
    i=$((i + 1))
    if [ "$i" -gt 600 ] || ! kill -0 "$(cat "$dir/db.spawn")" 2>/dev/null; then
      cat "$dir/db.err" >&2
      exit 1
    fi
    sleep 0.1
  done
  mariadb --no-defaults --socket="$sock" -uroot -e \
    "CREATE DATABASE mm_unit CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci"
  owner=$3 server=$(cat "$dir/db.spawn")
  (
    while kill -0 "$owner" 2>/dev/null && kill -0 "$server" 2>/dev/null; do sleep 1; done
    if kill -0 "$server" 2>/dev/null; then
      kill "$server"
      rm -rf "$dir"
    fi
  ) </dev/null >/dev/null 2>&1 &
  ;;
stop)
  pid=$(cat "$dir/db.spawn" 2>/dev/null || true)
  mariadb-admin --no-defaults --socket="$sock" -uroot shutdown >/dev/null 2>&1 || true
  i=0
  while [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; do
    i=$((i + 1))
    [ "$i" -le 300 ] || { kill -9 "$pid"; break; }
    sleep 0.1
  done
  ;;
block-commits)
  # another session holds MariaDB's backup lock at BLOCK_COMMIT for $3
  # seconds (or until unblock-commits): a COMMIT sent meanwhile waits
  sql() { mariadb --no-defaults --socket="$sock" -uroot --batch --skip-column-names -e "$1"; }
  mariadb --no-defaults --socket="$sock" -uroot -e \
    "BACKUP STAGE START; BACKUP STAGE BLOCK_COMMIT; SELECT SLEEP($3) AS mm_commit_block" \
    </dev/null >/dev/null 2>&1 &
  echo $! >"$dir/blocker.pid"
  i=0
  until [ "$(sql "SELECT COUNT(*) FROM information_schema.PROCESSLIST
                  WHERE INFO LIKE 'SELECT SLEEP(%) AS mm_commit_block'")" = 1 ]; do
    i=$((i + 1))
    [ "$i" -le 300 ] || exit 1
    sleep 0.01
  done
  ;;
unblock-commits)
  sql() { mariadb --no-defaults --socket="$sock" -uroot --batch --skip-column-names -e "$1"; }
  id=$(sql "SELECT ID FROM information_schema.PROCESSLIST
            WHERE INFO LIKE 'SELECT SLEEP(%) AS mm_commit_block'")
  [ -z "$id" ] || sql "KILL CONNECTION $id" || true
  pid=$(cat "$dir/blocker.pid" 2>/dev/null || true)
  i=0
  while [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; do
    i=$((i + 1))
    [ "$i" -le 300 ] || exit 1
    sleep 0.01
  done
  ;;
kill-connection)
  sql() { mariadb --no-defaults --socket="$sock" -uroot --batch --skip-column-names -e "$1"; }
  sql "KILL CONNECTION $3"
  i=0
  while [ "$(sql "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID = $3")" != 0 ]; do
    i=$((i + 1))
    [ "$i" -le 300 ] || exit 1
    sleep 0.01
  done
  ;;
esac
