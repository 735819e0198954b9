#!/usr/bin/env bash
# One vs two app hosts on a 3-node Galera cluster (X-6), root only: builds
# build/release, writes a configuration for var dir DIR (default
# var/bench-cluster) and runs bench/cluster.mjs, which starts the layout of
# `./mimamori test --only cluster` there, measures with wrk and stops it
# again (the data stays in DIR; a new run starts it afresh).
#
#   bench/cluster.sh [DIR]
#   BENCH_DURATION=10s BENCH_CONNECTIONS=64 BENCH_WORKERS=4 bench/cluster.sh
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$ROOT"
[ "$(id -u)" -eq 0 ] || { echo "bench/cluster.sh needs root (network namespaces)" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
# shellcheck source=tools/stack/common.sh
. "$ROOT/tools/stack/common.sh"
# shellcheck source=tools/stack/build.sh
. "$ROOT/tools/stack/build.sh"
# shellcheck source=tools/stack/cluster.sh
. "$ROOT/tools/stack/cluster.sh"
build_release >/dev/null
DIR=$(mkdir -p "${1:-var/bench-cluster}" && cd "${1:-var/bench-cluster}" && pwd -P)
cluster_teardown "$DIR/cluster"
# the base configuration the layout copies (as ./mimamori writes it)
conf=$DIR/base.hdf secrets=$DIR/secrets.hdf
[ -s "$secrets" ] || (umask 077; printf 'Secrets.Key = %s\nSecrets.DataKey = %s\nDb.Password = unused\n' \
  "$(openssl rand -hex 32)" "$(openssl rand -hex 32)" >"$secrets")
sed -e "s|@BASE_URL@|http://127.0.0.1|g" -e "s|@PLAIN_HTTP_DEV@|1|g" \
    -e "s|@TEMPLATES_DIR@|$(sed_escape "$ROOT/templates")|g" -e "s|@DB_SOCKET@||g" \
    -e "s|@CLOCK_OFFSET_FILE@||g" -e "s|@CLOCK_TEST_HEADER@|0|g" \
    -e "s|@SECRETS_FILE@|$(sed_escape "$secrets")|g" -e "s|@UPLOAD_TMP_DIR@||g" \
    -e "s|@ATTACHMENTS_DIR@||g" "$ROOT/etc/mimamori.hdf.in" >"$conf"
trap 'cluster_teardown "$DIR/cluster"' EXIT
MM_CONFIG=$conf MM_ADMIN=$ROOT/build/release/mimamori-admin MM_BASE_URL=http://127.0.0.1 \
  MM_CLUSTER_DIR=$DIR/cluster node bench/cluster.mjs
