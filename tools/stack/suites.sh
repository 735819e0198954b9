# shellcheck shell=bash
# Test suites of ./mimamori test. Each suite adds its counts with
# suite_result; a suite that could not run counts as one failure.
# Sourced by ./mimamori.

TOTAL_PASS=0
TOTAL_FAIL=0
TOTAL_SKIP=0
SUITE_LINES=()

# suite_result NAME PASSED FAILED NOTE [SKIPPED]
suite_result() {
  local name=$1 passed=$2 failed=$3 note=${4:-} skipped=${5:-0}
  TOTAL_PASS=$((TOTAL_PASS + passed))
  TOTAL_FAIL=$((TOTAL_FAIL + failed))
  TOTAL_SKIP=$((TOTAL_SKIP + skipped))
  SUITE_LINES+=("$(printf '  %-10s passed %5d  failed %4d  skipped %3d  %s' "$name" "$passed" "$failed" "$skipped" "$note")")
  printf '\n=== suite %s: passed %d, failed %d, skipped %d %s\n\n' "$name" "$passed" "$failed" "$skipped" "$note"
}

# Skip reasons a test may give (tests/skip-reasons.txt, one reason prefix
# per line). Prints each skip of a TAP log whose reason is not listed.
unlisted_skips() {
  local log=$1 list=$ROOT/tests/skip-reasons.txt line reason allowed ok
  while IFS= read -r line; do
    reason=${line#*# SKIP}
    reason=${reason# }
    ok=
    if [ -n "$reason" ] && [ -f "$list" ]; then
      while IFS= read -r allowed; do
        case $allowed in ''|'#'*) continue ;; esac
        case $reason in "$allowed"*) ok=1; break ;; esac
      done <"$list"
    fi
    [ -n "$ok" ] || printf '%s\n' "$line"
  done < <(grep -aE '^[[:space:]]*ok [0-9]+ - .*# SKIP' "$log" || true)
}

# Last "N passed, N failed" line of a file, as "N N" (nothing when none).
last_counts() {
  { grep -aoE '[0-9]+ passed, [0-9]+ failed' "$1" 2>/dev/null || true; } | tail -n1 \
    | sed -E 's/([0-9]+) passed, ([0-9]+) failed/\1 \2/'
}

# Last "# NAME N" line of node's TAP summary: N (nothing when none).
tap_count() {
  { grep -aE "^# $1 [0-9]+\$" "$2" 2>/dev/null || true; } | tail -n1 | awk '{print $3}'
}

suite_timer_start() { SUITE_T0=$SECONDS; }
suite_elapsed() { echo "($((SECONDS - SUITE_T0)) s)"; }

# (a) C unit tests: make check in the sanitizer build.
suite_unit() {
  suite_timer_start
  local out=$LOG/suite-unit.log rc=0
  say "suite unit: make check in build/asan"
  touch "$BUILD/.mm-suite-start"
  make -C "$BUILD" --no-print-directory -j2 check 2>&1 | tee "$out" || rc=$?
  local passed=0 failed=0 trs logf counts p f nres=0
  while IFS= read -r trs; do
    nres=$((nres + 1))
    logf=${trs%.trs}.log
    counts=$(last_counts "$logf")
    p=0; f=0
    [ -z "$counts" ] || read -r p f <<<"$counts"
    # A test program that crashed or failed without counting it: one failure.
    if grep -qE '^:test-result: (FAIL|ERROR|XPASS)' "$trs" && [ "$f" -eq 0 ]; then
      f=1
      log_tail "$logf" 40
    fi
    passed=$((passed + p)); failed=$((failed + f))
  done < <(find "$BUILD" -name '*.trs' -newer "$BUILD/.mm-suite-start" 2>/dev/null | sort)
  if [ "$nres" -eq 0 ]; then
    suite_result unit "$passed" $((failed + 1)) "could not run (make check exit $rc) $(suite_elapsed)"
    return
  fi
  if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
  suite_result unit "$passed" "$failed" "$(suite_elapsed)"
  suite_release
}

# The release build (-O2, as ./mimamori up and the README's deploy build it)
# warns about other things than the sanitizer build (-Wformat-truncation...):
# it must build without a warning too.
suite_release() {
  suite_timer_start
  local out=$LOG/suite-release.log
  say "suite release: build/release with -O2, warnings are errors"
  if (build_release) >"$out" 2>&1; then
    suite_result release 1 0 "$(suite_elapsed)"
  else
    grep -aE 'warning|error' "$out" | head -n 20 >&2
    suite_result release 0 1 "(see $out) $(suite_elapsed)"
  fi
}

# (b) libFuzzer corpus replay (the script builds its targets with clang).
suite_fuzz() {
  suite_timer_start
  if [ ! -f "$ROOT/tests/fuzz/run.sh" ]; then
    suite_result fuzz 0 0 "(tests/fuzz/run.sh not present)"
    return
  fi
  local out=$LOG/suite-fuzz.log rc=0
  say "suite fuzz: tests/fuzz/run.sh"
  (cd "$ROOT" && timeout --kill-after=30 1800 bash tests/fuzz/run.sh) 2>&1 | tee "$out" || rc=$?
  local counts p=0 f=0
  counts=$(last_counts "$out")
  if [ -z "$counts" ]; then
    suite_result fuzz 0 1 "could not run (exit $rc, no summary line) $(suite_elapsed)"
    return
  fi
  read -r p f <<<"$counts"
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  suite_result fuzz "$p" "$f" "$(suite_elapsed)"
}

# npm packages of tests/ (once: again only when the manifest changed).
npm_ready=
npm_setup() {
  [ -z "$npm_ready" ] || return 0
  npm_ready=1
  [ -f "$ROOT/tests/package.json" ] || return 0
  local stamp=$ROOT/tests/node_modules/.package-lock.json
  if [ -f "$stamp" ] && [ ! "$stamp" -ot "$ROOT/tests/package.json" ] \
     && { [ ! -f "$ROOT/tests/package-lock.json" ] || [ ! "$stamp" -ot "$ROOT/tests/package-lock.json" ]; }; then
    return 0
  fi
  say "installing npm packages in tests/"
  # Browsers come from Debian (/usr/bin/chromium): never download one.
  local npm_env=(PUPPETEER_SKIP_DOWNLOAD=1 PUPPETEER_SKIP_CHROMIUM_DOWNLOAD=1
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1)
  if [ -f "$ROOT/tests/package-lock.json" ]; then
    (cd "$ROOT/tests" && env "${npm_env[@]}" npm ci --no-audit --no-fund) || return 1
  else
    (cd "$ROOT/tests" && env "${npm_env[@]}" npm install --no-audit --no-fund) || return 1
  fi
}

# Node's own runner: file patterns it picks up in a directory.
has_node_tests() {
  [ -d "$1" ] && [ -n "$(find "$1" -type f \( -name '*.test.js' -o -name '*.test.mjs' \
    -o -name '*.test.cjs' -o -name '*-test.js' -o -name '*_test.js' -o -name 'test-*.js' \
    -o -name 'test.js' -o -name '*-test.mjs' -o -name '*_test.mjs' \) -not -path '*/node_modules/*' | head -n1)" ]
}

node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

# suite_node NAME DIR [NODE_TEST_OPTIONS...]: node --test with TAP output.
suite_node() {
  local name=$1 dir=$2; shift 2
  suite_timer_start
  if ! has_node_tests "$ROOT/$dir"; then
    suite_result "$name" 0 0 "($dir has no tests)"
    return
  fi
  if ! npm_setup; then
    suite_result "$name" 0 1 "could not run (npm install failed)"
    return
  fi
  local opts=("$@")
  # --test-concurrency needs Node 20.10+; the reporter flag 18.15+.
  if [ "$(node_major)" -lt 20 ]; then
    local o kept=()
    for o in "${opts[@]}"; do [[ $o == --test-concurrency* ]] || kept+=("$o"); done
    opts=("${kept[@]}")
  fi
  local out=$LOG/suite-$name.log rc=0
  # --files: only the named test files of this suite's directory
  local targets=("$dir/") f
  if [ -n "${OPT_FILES:-}" ]; then
    targets=()
    for f in ${OPT_FILES//,/ }; do
      case $f in "$dir"/*) targets+=("$f") ;; esac
    done
    if [ "${#targets[@]}" -eq 0 ]; then
      suite_result "$name" 0 0 "(no --files in $dir)"
      return
    fi
  fi
  say "suite $name: node --test ${targets[*]}"
  (cd "$ROOT" && env "${TEST_ENV[@]}" timeout --kill-after=30 2400 \
     node --test --test-reporter=tap "${opts[@]}" "${targets[@]}") 2>&1 | tee "$out" || rc=$?
  local p f c sk bad
  p=$(tap_count pass "$out")
  f=$(tap_count fail "$out")
  c=$(tap_count cancelled "$out")
  sk=$(tap_count skipped "$out")
  if [ -z "$p" ] || [ -z "$f" ]; then
    suite_result "$name" 0 1 "could not run (exit $rc, no summary) $(suite_elapsed)"
    return
  fi
  f=$((f + ${c:-0}))
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  # a skip for a reason not in tests/skip-reasons.txt counts as a failure
  bad=$(unlisted_skips "$out")
  if [ -n "$bad" ]; then
    say "tests skipped for a reason not in tests/skip-reasons.txt:"
    printf '%s\n' "$bad" | sed 's/^[[:space:]]*/  /' >&2
    f=$((f + $(printf '%s\n' "$bad" | wc -l)))
  fi
  suite_result "$name" "$p" "$f" "$(suite_elapsed)" "${sk:-0}"
}

suite_http() { suite_node http tests/http --test-concurrency=2; }

# (e) Attack scans (tools/security/check.sh): a TLS stack of its own in
# var/security, so none of the test stack; long, hence only with --only.
suite_security() {
  suite_timer_start
  local out=$LOG/suite-security.log rc=0
  say "suite security: tools/security/check.sh"
  (cd "$ROOT" && tools/security/check.sh) 2>&1 | tee "$out" || rc=$?
  local counts p=0 f=0
  counts=$(last_counts "$out")
  if [ -z "$counts" ]; then
    suite_result security 0 1 "could not run (exit $rc, no summary line) $(suite_elapsed)"
    return
  fi
  read -r p f <<<"$counts"
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  suite_result security "$p" "$f" "(var/security/scan/summary.md) $(suite_elapsed)"
}
suite_browser() { suite_node browser tests/browser; }

# Sanitizer reports of the programs and tools (written at exit, so after
# the stack stopped). Each report file with a finding counts as a failure.
scan_sanitizers() {
  local f found=0 files=()
  shopt -s nullglob
  files=("$LOG"/asan.* "$LOG"/ubsan.*)
  local name
  for name in $MM_PROGRAMS $MM_DAEMONS admin; do
    [ -f "$LOG/$name.log" ] && files+=("$LOG/$name.log")
  done
  shopt -u nullglob
  for f in "${files[@]}"; do
    if grep -aqE 'ERROR: AddressSanitizer|LeakSanitizer|runtime error:' "$f"; then
      found=$((found + 1))
      say "sanitizer report in $f:"
      grep -aE -m1 -A40 'ERROR: AddressSanitizer|LeakSanitizer|runtime error:' "$f" | sed 's/^/  /' >&2
    fi
  done
  suite_result sanitizers 0 "$found" "(${#files[@]} log files checked)"
}
