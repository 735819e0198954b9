# shellcheck shell=bash
# The scale-out suite: tests/cluster/ starts a 3-node Galera cluster,
# two app hosts in network namespaces and nginx, all under $VAR/cluster, and
# records every pid, namespace and link it makes in $VAR/cluster/state. The
# teardown here stops and deletes whatever that file lists, so nothing is
# left behind when the test process itself died. Sourced by ./mimamori.

# galera-4: the provider; rsync: the full copy a joining node gets (SST);
# iproute2: the namespaces
CLUSTER_PKGS="galera-4 rsync iproute2"

# cluster_teardown DIR: stop the processes, then delete the links and
# namespaces listed in DIR/state (idempotent).
cluster_teardown() {
  local state=$1/state kind arg pid
  [ -f "$state" ] || return 0
  while read -r kind arg; do
    case $kind in
      # only while its command line still names this dir (a pid of a
      # process long gone may belong to another program by now)
      pid) if pid_alive "$arg" "$1"; then kill -KILL "$arg" 2>/dev/null || true; fi ;;
      nginx) if pid=$(pid_from "$arg") && pid_alive "$pid" nginx; then kill -TERM "$pid" 2>/dev/null || true; fi ;;
    esac
  done <"$state"
  while read -r kind arg; do
    case $kind in
      link) ip link del "$arg" >/dev/null 2>&1 || true ;;
      netns) { ip netns pids "$arg" 2>/dev/null | xargs -r kill -KILL 2>/dev/null; } || true
             ip netns del "$arg" >/dev/null 2>&1 || true ;;
    esac
  done <"$state"
  rm -f "$state"
  return 0
}

suite_cluster() {
  suite_timer_start
  if [ "$(id -u)" -ne 0 ]; then
    suite_result cluster 0 1 "(needs root: network namespaces, MariaDB as user mysql)"
    return
  fi
  # the configuration the test copies for its hosts (no stack of its own)
  write_config http://127.0.0.1 1
  local dir=$VAR/cluster saved=("${TEST_ENV[@]}")
  cluster_teardown "$dir"
  TEST_ENV+=("MM_CLUSTER_DIR=$dir" "MM_BASE_URL=${BASE_URL:-http://127.0.0.1}")
  suite_node cluster tests/cluster
  TEST_ENV=("${saved[@]}")
  cluster_teardown "$dir"
}
