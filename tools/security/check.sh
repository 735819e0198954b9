#!/usr/bin/env bash
# Attack scans of the portal as an outsider (make security-check,
# ./mimamori test --only security). Installs Debian's sqlmap and wapiti when
# root, brings up a private TLS stack (./mimamori up --tls --var VAR), then:
#   1. the positive control (tests/security/scan_control.c on its own nginx):
#      sqlmap must find its injection and wapiti its reflected XSS;
#   2. sqlmap against every route of tools/security/targets (checked to
#      cover every route of the route tables), anonymous or with a customer
#      admin's or an analyst's session, a fresh CSRF token per request;
#   3. wapiti (headers, cookies, CSP, CSRF, XSS, SQL, CRLF, redirects, files,
#      commands) anonymous, as a customer admin and as an analyst;
#   4. tools/security/findings.py reads both tools' reports and fails on any
#      finding not explained in the allowlist of docs/security.md.
#
#   tools/security/check.sh [--var DIR] [--port N] [--only control,sqlmap,wapiti]
#                           [--targets PATTERN] [--wapiti SCANS] [--keep] [--running]
#
#   --targets PATTERN   sqlmap only the targets whose line matches (grep -E)
#   --wapiti SCANS      only these wapiti scans (anon,customer_admin,analyst:
#                       the default); the others' reports are kept
#   --keep              leave the stack running afterwards
#   --running           use the stack already up in --var on --port (no
#                       restart, left running); reports of the parts not
#                       rerun are kept
# Environment: SQLMAP_LEVEL / SQLMAP_RISK (default 1 / 1), SCAN_JOBS
# (sqlmap runs at a time, default 2), WAPITI_MAX_SCAN (seconds of a wapiti
# crawl, default 600; each attack module gets a fifth of it).
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
cd "$ROOT" || exit 2
# shellcheck source=../stack/common.sh
. "$ROOT/tools/stack/common.sh"
# shellcheck source=../stack/packages.sh
. "$ROOT/tools/stack/packages.sh"
# the programs of the stack (set_paths needs them), as ./mimamori has them
MM_PROGRAMS=$(sed -n 's/^MM_PROGRAMS="\(.*\)"$/\1/p' "$ROOT/mimamori")

VAR_DIR=$ROOT/var/security
PORT=
ONLY=control,sqlmap,wapiti
PATTERN=
WAPITI_SCANS=anon,customer_admin,analyst
KEEP=
RUNNING=
while [ $# -gt 0 ]; do
  case $1 in
    --var) VAR_DIR=$2; shift 2 ;;
    --port) PORT=$2; shift 2 ;;
    --only) ONLY=$2; shift 2 ;;
    --targets) PATTERN=$2; shift 2 ;;
    --wapiti) WAPITI_SCANS=$2; shift 2 ;;
    --keep) KEEP=1; shift ;;
    --running) RUNNING=1; KEEP=1; shift ;;
    -h|--help) sed -n '2,25s/^# \{0,1\}//p' "$0"; exit 0 ;;
    *) die "unknown argument: $1" ;;
  esac
done
want() { case ",$ONLY," in *,"$1",*) return 0 ;; esac; return 1; }

SQLMAP_LEVEL=${SQLMAP_LEVEL:-1}
SQLMAP_RISK=${SQLMAP_RISK:-1}
SCAN_JOBS=${SCAN_JOBS:-2}
WAPITI_MAX_SCAN=${WAPITI_MAX_SCAN:-600}
WAPITI_MODULES=http_headers,cookieflags,csp,csrf,exec,xss,permanentxss,sql,crlf,redirect,file

# shellcheck disable=SC2086 # word list
ensure_packages $SECURITY_PKGS

python3 tools/security/routes.py --check tools/security/targets ||
  die "tools/security/targets does not cover the route tables"

# The scan stack's own limits, by configuration only (read by ./mimamori up
# from the var dir, kept across restarts): every scanner comes from
# 127.0.0.1 and sends thousands of wrong passwords, codes, resets and
# applications, so nginx's per-address limit_req lines are left out of its
# site (VAR/no-rate-limits) and the programs' per-address, per-user and
# per-number limits and the lockout threshold are raised (VAR/local.hdf).
# The limits themselves are tested by the HTTP suite (docs/security.md).
scan_stack_settings() {
  mkdir -p "$1"
  touch "$1/no-rate-limits"
  cat >"$1/local.hdf" <<'EOF'
Auth.MaxFailures = 1000000
Auth.SmsPerNumberPerHour = 1000000
Auth.SmsPerUserPerDay = 1000000
Auth.MailCodesPerAddressPerHour = 1000000
Auth.MailCodesPerUserPerDay = 1000000
Auth.CodesPerClientPerHour = 1000000
Auth.ResetPerClientPerHour = 1000000
Auth.ResetMailsPerAddressPerHour = 1000000
Account.WelcomeMailsPerAddressPerHour = 1000000
Account.WelcomeMailsPerTenantPerHour = 1000000
Signup.RateLimitPerHour = 1000000
Signup.DraftsPerHour = 1000000
Signup.MailsPerAddressPerDay = 1000000
EOF
}

T0=$SECONDS
if [ -n "$RUNNING" ]; then
  [ -n "$PORT" ] || die "--running needs the --port of the stack"
  [ -e "$VAR_DIR/no-rate-limits" ] && [ -s "$VAR_DIR/local.hdf" ] ||
    say "warning: $VAR_DIR was not brought up by this script: its rate limits will refuse the scanners"
else
  [ -n "$PORT" ] || PORT=$(free_port)
  say "security: TLS stack in $VAR_DIR on port $PORT"
  scan_stack_settings "$VAR_DIR"
  ./mimamori up --tls --var "$VAR_DIR" --port "$PORT" >"$VAR_DIR.up.log" 2>&1 || {
    log_tail "$VAR_DIR.up.log" 30; die "./mimamori up --tls failed"; }
fi
set_paths "$VAR_DIR"
BASE=https://127.0.0.1:$PORT
CA=$VAR/tls/ca.pem
OUT=$VAR/scan
# a part that runs again starts from nothing; the others' reports stay
# (--targets: only those targets' reports are replaced)
want sqlmap && [ -z "$PATTERN" ] && rm -rf "$OUT/sqlmap"
if want wapiti; then
  for s in ${WAPITI_SCANS//,/ }; do rm -rf "$OUT/wapiti/$s".*; done
fi
want control && rm -rf "$OUT/sqlmap/control"* "$OUT/wapiti/control"* "$OUT/control"
mkdir -p "$OUT/sqlmap" "$OUT/wapiti" "$OUT/sessions"

CONTROL_PID=
CONTROL_NGINX=
cleanup() {
  [ -z "$CONTROL_NGINX" ] || nginx -c "$OUT/control/nginx.conf" -p "$OUT/control/" -s stop 2>/dev/null
  [ -z "$CONTROL_PID" ] || kill "$CONTROL_PID" 2>/dev/null
  [ -n "$KEEP" ] || ./mimamori stop --var "$VAR_DIR" >/dev/null 2>&1
}
trap cleanup EXIT

# --- sessions ------------------------------------------------------------

session_env=(MM_BASE_URL="$BASE" MM_CONFIG="$CONF" MM_ADMIN="$ROOT/build/release/mimamori-admin"
  MM_VAR_DIR="$VAR" NODE_EXTRA_CA_CERTS="$CA")

# new_session ROLE FILE: a new user of ROLE (customer_admin or analyst)
# logged in; FILE gets its cookies (line 1) and its password, urlencoded
# (line 2).
new_session() {
  local role=$1 f=$2
  env "${session_env[@]}" node tools/security/session.mjs "$role" >"$f.tmp" 2>>"$OUT/sessions/log" &&
    mv "$f.tmp" "$f"
}

# session ROLE: the role's cookies, renewed when the scans ended the session
# (a logout, a disabled user, a changed password...).
session() {
  local role=$1 f=$OUT/sessions/$1
  (
    flock 9
    if [ ! -s "$f" ] || [ "$(curl -s --cacert "$CA" -o /dev/null -w '%{http_code}' \
         -H "Cookie: $(cat "$f")" "$BASE/")" != 200 ]; then
      new_session "$role" "$f" || exit 1
    fi
    sed -n 1p "$f"
  ) 9>"$f.lock"
}

# --- sqlmap ----------------------------------------------------------------

# sqlmap_run NAME URL METHOD DATA COOKIE CSRF_URL [ARGS...]: one sqlmap run into
# $OUT/sqlmap/NAME/ (stdout in run.log; sqlmap's own log of the injection
# points it found in 127.0.0.1*/log).
sqlmap_run() {
  local name=$1 url=$2 method=$3 data=$4 cookie=$5 csrf_url=$6
  shift 6
  local dir=$OUT/sqlmap/$name args=()
  mkdir -p "$dir"
  # no --method: sqlmap would use it for the token page too (1.7.2 ignores
  # --csrf-method then); a body alone makes the request a POST
  args=(-u "$url" --batch --flush-session --disable-coloring
    --level "$SQLMAP_LEVEL" --risk "$SQLMAP_RISK" --timeout 30 --retries 1
    --output-dir "$dir" --ignore-code 400,401,403,404,405,409,410,413,422,429
    --answers "encode cookie=N,follow=N")
  # the token page by GET even when it is the target's own URL (sqlmap
  # would send the body to it and find no token in the answer)
  [ -z "$data" ] || args+=(--data "$data")
  [ -z "$cookie" ] || args+=(--cookie "$cookie")
  [ -z "$csrf_url" ] || args+=(--csrf-token csrf --csrf-url "$csrf_url" --csrf-method GET)
  args+=("$@")
  timeout 1800 sqlmap "${args[@]}" >"$dir/run.log" 2>&1
  echo $? >"$dir/rc"
}

# Objects of the demo data that the targets' paths name (@CS@, @WR@, @KB@,
# @DOWNLOAD@ in tools/security/targets): their numbers are random per stack,
# and a path naming no object is answered 404 before the form's fields are
# read. Asked once from the stack's database, as the programs' own user.
demo_object() {
  local sql
  case $1 in
    CS) sql="SELECT c.case_no FROM cases c JOIN tenants t ON t.id = c.tenant_id WHERE t.customer_no = 'N200000001' ORDER BY c.id LIMIT 1" ;;
    WR) sql="SELECT w.request_no FROM work_requests w JOIN tenants t ON t.id = w.tenant_id WHERE t.customer_no = 'N200000001' ORDER BY w.state = 'pending' DESC, w.id LIMIT 1" ;;
    KB) sql="SELECT article_no FROM kb_articles ORDER BY id LIMIT 1" ;;
    DOWNLOAD) sql="SELECT id FROM kb_files WHERE article_id IS NULL ORDER BY id LIMIT 1" ;;
  esac
  MYSQL_PWD=$(sed -n 's/^Db\.Password = //p' "$SECRETS") \
    mariadb -N -B -u mimamori -S "$DB_SOCK" mimamori -e "$sql" 2>>"$OUT/sessions/log"
}
DEMO_OBJECTS=
demo_objects() {
  local k v
  for k in CS WR KB DOWNLOAD; do
    v=$(demo_object "$k") && [ -n "$v" ] || { say "warning: no demo object for @$k@"; v=0; }
    DEMO_OBJECTS+="$k=$v "
  done
}
# with_objects TEXT: TEXT with the @NAME@ of demo_objects replaced
with_objects() {
  local t=$1 kv
  for kv in $DEMO_OBJECTS; do t=${t//@${kv%%=*}@/${kv#*=}}; done
  printf '%s' "$t"
}

# scan_target N LINE: one line of tools/security/targets (N: its line number).
scan_target() {
  local n=$1 method path role url data cookie="" csrf_url="" own f
  read -r method path role url data <<<"$2"
  url=$(with_objects "$url")
  data=$(with_objects "${data:-}")
  # ROLE-own: a new user logged in for this target alone (a form that ends,
  # locks or steps up the session must not take the shared one down while
  # other targets use it, and its step-up is fresh); its password replaces
  # @PASSWORD@ in the body
  own=
  case $role in *-own) own=1; role=${role%-own} ;; esac
  local who=customer_admin
  [ "$role" != analyst ] || who=analyst
  case $role in
    anon) csrf_url=$BASE/auth/login ;;
    customer|analyst)
      if [ -n "$own" ]; then
        f=$OUT/sessions/$n
        new_session "$who" "$f" || { echo "no session" >"$OUT/sqlmap/$n.error"; return; }
        cookie=$(sed -n 1p "$f")
        data=${data//@PASSWORD@/$(sed -n 2p "$f")}
      else
        cookie=$(session "$who") || { echo "no session" >"$OUT/sqlmap/$n.error"; return; }
      fi
      # the token is bound to the session, not to the form: any page of
      # the role that shows a form
      if [ "$role" = customer ]; then csrf_url=$BASE/account/profile; else csrf_url=$BASE/staff/cases/new; fi ;;
  esac
  [ "$method" = POST ] || csrf_url=
  printf '%s %s %s\n' "$method" "$path" "$role${own:+-own}" >"$OUT/sqlmap/$n.target"
  sqlmap_run "$n" "$BASE$url" "$method" "${data:-}" "$cookie" "$csrf_url"
}

# The targets to scan, as "LINENUMBER<TAB>LINE".
target_lines() {
  grep -nvE '^[[:space:]]*(#|$)' tools/security/targets | sed 's/:/\t/' |
    awk -F'\t' '{ split($2, f, " "); if (f[3] != "skip") print }' |
    { [ -z "$PATTERN" ] && cat || grep -E -- "$PATTERN"; }
}

run_sqlmap() {
  local total
  demo_objects
  say "security: demo objects $DEMO_OBJECTS"
  total=$(target_lines | wc -l)
  say "security: sqlmap against $total targets, $SCAN_JOBS at a time (level $SQLMAP_LEVEL, risk $SQLMAP_RISK)"
  local running=0 n line key
  while IFS=$'\t' read -r n line; do
    # the line number orders the reports; the route's own hash keeps a
    # later part's report from replacing another route's when lines moved
    key=$(awk '{ print $1, $2, $3 }' <<<"$line" | md5sum | cut -c1-6)
    scan_target "$(printf 't%03d-%s' "$n" "$key")" "$line" &
    running=$((running + 1))
    if [ "$running" -ge "$SCAN_JOBS" ]; then wait -n; running=$((running - 1)); fi
  done < <(target_lines)
  wait
}

# --- wapiti ----------------------------------------------------------------

# wapiti_cookie_file ROLE FILE: a session of its own (the sqlmap runs may end
# theirs) as wapiti's JSON cookie jar.
wapiti_cookie_file() {
  new_session "$1" "$OUT/sessions/wapiti-$1" || return 1
  python3 - "$(sed -n 1p "$OUT/sessions/wapiti-$1")" >"$2" <<'EOF'
import json, sys
jar = {}
for part in sys.argv[1].split('; '):
    name, _, value = part.partition('=')
    jar[name] = {"value": value, "version": 0, "secure": True, "expires": None, "port": None}
print(json.dumps({"127.0.0.1": {"/": jar}}))
EOF
}

# wapiti_run NAME URL [ARGS...]: report in $OUT/wapiti/NAME.json.
wapiti_run() {
  local name=$1 url=$2; shift 2
  say "security: wapiti $name"
  # --max-scan-time bounds the crawl, --max-attack-time each module: the
  # outer timeout leaves room for both (a killed wapiti writes no report)
  local attack=$((WAPITI_MAX_SCAN / 5)) nmod
  nmod=$(tr ',' '\n' <<<"$WAPITI_MODULES" | wc -l)
  timeout $((WAPITI_MAX_SCAN + nmod * attack + 600)) /usr/bin/python3 tools/security/wapiti.py -u "$url" --scope folder -m "$WAPITI_MODULES" \
    --flush-session --store-session "$OUT/wapiti/$name.session" --max-scan-time "$WAPITI_MAX_SCAN" \
    --max-attack-time "$attack" -d 4 --max-links-per-page 40 --max-files-per-dir 30 \
    -t 30 -v 1 --no-bugreport -f json -o "$OUT/wapiti/$name.json" "$@" >"$OUT/wapiti/$name.log" 2>&1
  echo $? >"$OUT/wapiti/$name.rc"
}

run_wapiti() {
  # the scanning session must survive: no logout, no password or 2-step
  # change of the scanning user (sqlmap covers those forms' inputs), and no
  # disabling of users: the customer admin's crawl found its own user in
  # the user list and disabled it (allowed: it logs the admin out), and the
  # sqlmap sessions of the same tenant with it
  local ex=(-x "$BASE/auth/logout" -x "$BASE/account/password" -x "$BASE/account/mfa"
    -x "$BASE/account/users/*/disable")
  # the scans side by side: each mostly waits on the stack
  case ",$WAPITI_SCANS," in *,anon,*)
    wapiti_run anon "$BASE/" -s "$BASE/auth/login" -s "$BASE/signup/" -s "$BASE/auth/reset" "${ex[@]}" & ;;
  esac
  local role
  for role in customer_admin analyst; do
    case ",$WAPITI_SCANS," in *,"$role",*) ;; *) continue ;; esac
    wapiti_cookie_file "$role" "$OUT/wapiti/$role.cookies.json" || {
      echo "no session" >"$OUT/wapiti/$role.error"; continue; }
    wapiti_run "$role" "$BASE/" -c "$OUT/wapiti/$role.cookies.json" "${ex[@]}" \
      -x "$BASE/staff/dashboard/report/peers" &
  done
  wait
}

# --- positive control ----------------------------------------------------------

run_control() {
  say "security: positive control (tests/security/scan_control.c)"
  make -C "$ROOT/build/release" --no-print-directory security-control >"$OUT/control-build.log" 2>&1 || {
    log_tail "$OUT/control-build.log"; echo "build failed" >"$OUT/control.error"; return; }
  mkdir -p "$OUT/control/logs"
  local sock=$RUN/scan-control.sock cport
  rm -f "$sock"
  "$ROOT/build/release/tests/security/mm-scan-control" "$sock" "$DB_SOCK" >>"$OUT/control/control.log" 2>&1 &
  CONTROL_PID=$!
  poll 10 test -S "$sock" || { echo "control did not start" >"$OUT/control.error"; return; }
  cport=$(free_port)
  cat >"$OUT/control/nginx.conf" <<EOF
$(nginx_user_line_for "$RUN")
worker_processes 1;
pid $OUT/control/nginx.pid;
error_log $OUT/control/logs/error.log;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path $OUT/control/body;
  fastcgi_temp_path $OUT/control/fcgi;
  proxy_temp_path $OUT/control/proxy;
  uwsgi_temp_path $OUT/control/uwsgi;
  scgi_temp_path $OUT/control/scgi;
  server {
    listen 127.0.0.1:$cport;
    location / {
      include /etc/nginx/fastcgi_params;
      fastcgi_pass unix:$sock;
    }
  }
}
EOF
  nginx -c "$OUT/control/nginx.conf" -p "$OUT/control/" || { echo "nginx did not start" >"$OUT/control.error"; return; }
  CONTROL_NGINX=1
  local curl_ok
  curl_ok() { curl -sf -o /dev/null "http://127.0.0.1:$cport/?id=1"; }
  poll 10 curl_ok || { echo "control does not answer" >"$OUT/control.error"; return; }
  echo "GET /?id=1 control" >"$OUT/sqlmap/control.target"
  sqlmap_run control "http://127.0.0.1:$cport/?id=1" GET "" "" ""
  wapiti_run control "http://127.0.0.1:$cport/" -m xss
}

# nginx workers run as nobody when started by root: they must reach the socket
nginx_user_line_for() { [ "$(id -u)" -ne 0 ] || echo "user root root;"; }

want control && run_control
# wapiti crawls while sqlmap works through its targets: both mostly wait
# on the stack
WAPITI_PID=
if want wapiti; then run_wapiti & WAPITI_PID=$!; fi
want sqlmap && (run_sqlmap)
[ -z "$WAPITI_PID" ] || wait "$WAPITI_PID"

ELAPSED=$((SECONDS - T0))
python3 tools/security/findings.py --out "$OUT" --allowlist docs/security.md \
  --elapsed "$ELAPSED" ${PATTERN:+--partial} --only "$ONLY"
