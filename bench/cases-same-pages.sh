#!/usr/bin/env bash
# Case list pages of two builds of the cases program compared byte for
# byte (the CSRF token and the one-time form key blanked: both differ per
# request): a change meant to make the list cheaper must not change a page.
# Needs the data of bench/gen-cases.sh in a running stack. Each program
# gets one worker on a socket of its own; requests go to it with cgi-fcgi.
#
#   bench/cases-same-pages.sh --var var/bench --old PATH [--old-templates DIR]
#                              [--new PATH] [LOGIN...]
#
# --old-templates: the old build's templates (e.g. `git archive` of its
# commit) when they differ from the stack's.
# LOGIN: users whose lists are asked for (default: the largest bench
# tenant's first two users; give one of them English as its language to
# compare both languages). Each is asked for every sort both ways on pages
# 1, 2 and the last, the filters, quick filters, keywords, bad input and a
# page past the end, twice in a row (the second answer from what the
# worker kept). Prints the URLs compared and the ones that differ; exit 1
# when one does.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
VAR_DIR=$ROOT/var/bench
NEW=$ROOT/build/release/mimamori-cases
OLD=
OLD_TEMPLATES=
while [ $# -gt 0 ]; do
  case $1 in
  --var) VAR_DIR=$2; shift 2 ;;
  --old) OLD=$(cd "$(dirname "$2")" && pwd -P)/$(basename "$2"); shift 2 ;;
  --old-templates) OLD_TEMPLATES=$(cd "$2" && pwd -P); shift 2 ;;
  --new) NEW=$(cd "$(dirname "$2")" && pwd -P)/$(basename "$2"); shift 2 ;;
  -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
  -*) echo "cases-same-pages.sh: unknown argument $1" >&2; exit 2 ;;
  *) break ;;
  esac
done
[ -n "$OLD" ] || { echo "cases-same-pages.sh: --old PATH needed" >&2; exit 2; }
VAR_DIR=$(cd "$VAR_DIR" && pwd -P)
BASE=http://127.0.0.1:$(cat "$VAR_DIR/port")
SOCK=$VAR_DIR/run/db/mariadb.sock
command -v cgi-fcgi >/dev/null || { echo "needs cgi-fcgi (apt-get install libfcgi-bin)" >&2; exit 1; }
work=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"' EXIT
sql() { mariadb --no-defaults --socket="$SOCK" -uroot --batch --skip-column-names mimamori -e "$1"; }

if [ $# -eq 0 ]; then
  # shellcheck disable=SC2046 # two login IDs
  set -- $(sql "SELECT u.login_id FROM users u JOIN (SELECT tenant_id, COUNT(*) n FROM cases
    GROUP BY tenant_id ORDER BY n DESC LIMIT 1) b ON b.tenant_id = u.tenant_id
    WHERE u.login_id LIKE 'bench-%' ORDER BY u.login_id LIMIT 2")
fi
[ $# -gt 0 ] || { echo "no benchmark data: run bench/gen-cases.sh first" >&2; exit 1; }

cp "$VAR_DIR/mimamori.hdf" "$work/new.hdf"
if [ -n "$OLD_TEMPLATES" ]; then
  sed "s|^\( *Templates = \).*|\1$OLD_TEMPLATES|" "$VAR_DIR/mimamori.hdf" >"$work/old.hdf"
else
  cp "$VAR_DIR/mimamori.hdf" "$work/old.hdf"
fi
start() {
  "$1" --config "$work/$2.hdf" --socket "$work/$2.sock" --workers 1 >"$work/$2.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 100); do [ -S "$work/$2.sock" ] && return 0; sleep 0.1; done
  cat "$work/$2.log" >&2; exit 1
}
start "$OLD" old
start "$NEW" new

page() { # SOCKET QUERY
  env -i REQUEST_METHOD=GET DOCUMENT_URI=/cases/ SCRIPT_NAME=/cases/ REQUEST_URI="/cases/?$2" \
    QUERY_STRING="$2" HTTP_COOKIE="$session" REMOTE_ADDR=127.0.0.1 HTTP_HOST=127.0.0.1 \
    SERVER_PROTOCOL=HTTP/1.1 cgi-fcgi -bind -connect "$1" |
    sed -E 's/(name="csrf" value=")[^"]*/\1-/g; s/(name="form_key" value=")[^"]*/\1-/g'
}

categories=$(sql "SELECT id FROM case_categories ORDER BY id LIMIT 3")
compared=0 differ=0
for user in "$@"; do
  rm -f "$work/cookies"
  bench_login "$user" "${BENCH_PASSWORD:-Demo#Mimamori26}"
  total=$(page "$work/new.sock" "" | sed -n 's|.* / \([0-9]*\) 件.*|\1|p; s|.* / \([0-9]*\) cases.*|\1|p' | head -n 1)
  last=$(( (${total:-20} + 19) / 20 ))
  queries=("" "page=2" "page=$last" "page=$((last + 5))" "page=0" "page=abc" "sort=bogus"
    "quick=action" "quick=monthly" "mine=1" "status=open" "status=resolved&page=2"
    "q=VPN" "q=VPN&page=2" "q=%E9%81%AE%E6%96%AD" "q=a%20b%20c%20d%20e%20f%20g%20h%20i"
    "from=2026-01-01&to=2025-01-01" "from=2026-13-01" "status=nope" "category=abc"
    "q=%3Cscript%3E%26%22%27" "q=%3Cscript%3E%26%22%27&sort=subject&dir=asc")
  for c in $categories; do queries+=("category=$c" "category=$c&status=open&sort=no&dir=asc"); done
  for s in no status category subject customer tenant service contact updated; do
    for d in asc desc; do queries+=("sort=$s&dir=$d" "sort=$s&dir=$d&page=2" "sort=$s&dir=$d&page=$last"); done
  done
  for q in "${queries[@]}"; do
    for round in 1 2; do
      page "$work/old.sock" "$q" >"$work/old.html"
      page "$work/new.sock" "$q" >"$work/new.html"
      compared=$((compared + 1))
      if ! cmp -s "$work/old.html" "$work/new.html"; then
        differ=$((differ + 1))
        echo "differs: $user ?$q (round $round)"
        diff "$work/old.html" "$work/new.html" | head -n 10 || true
      fi
    done
  done
done
echo "$compared pages compared, $differ differ"
[ "$differ" = 0 ]
