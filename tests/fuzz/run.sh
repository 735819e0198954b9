#!/bin/sh
# Builds the libFuzzer targets, replays their seed corpus, then fuzzes each
# one for a bounded time. Prints "N passed, N failed" (one per target) and
# exits non-zero when any target failed to build, crashed or broke an
# invariant.
#
#   tests/fuzz/run.sh                 build, replay, fuzz 6 s per target
#   tests/fuzz/run.sh --replay-only   build and replay the corpus only
#   FUZZ_TIME=60 tests/fuzz/run.sh    fuzz longer
#   tests/fuzz/run.sh --merge         also merge what fuzzing found into
#                                     tests/fuzz/corpus/ (make fuzz-long)
#   tests/fuzz/run.sh fuzz_cookies    only the named target(s)
#
# Crash inputs are kept in tests/fuzz/build/artifacts/; new inputs found while
# fuzzing go to a temporary corpus that is removed afterwards, unless
# --merge adds those that reach new code to the seed corpus (-merge=1).
set -u

cd "$(dirname "$0")/../.." || exit 2

CC=${CC:-clang}
# 9 targets x 6 s plus their builds (two at a time) stay under two minutes
FUZZ_TIME=${FUZZ_TIME:-6}
RSS_MB=${RSS_MB:-2048}
OUT=tests/fuzz/build
CORE=fcgi/core
CFLAGS="-std=c11 -g -O1 -fsanitize=fuzzer,address,undefined \
 -fno-sanitize-recover=undefined -fno-omit-frame-pointer -D_GNU_SOURCE \
 -Wall -Wextra -Wno-unused-parameter -Werror -I $CORE -I fcgi/signup -I fcgi/ingest -I fcgi/knowledge -I fcgi/cases -I fcgi/history -I fcgi/chat -I tests/fuzz \
 -isystem /usr/include/ClearSilver"

replay_only=0
merge=0
targets=""
for a in "$@"; do
	case $a in
	--replay-only) replay_only=1 ;;
	--merge) merge=1 ;;
	-h|--help) sed -n '2,18p' "$0"; exit 0 ;;
	fuzz_*) targets="$targets $a" ;;
	*) echo "run.sh: unknown argument $a" >&2; exit 2 ;;
	esac
done
[ -n "$targets" ] ||
	targets="fuzz_urlencoded fuzz_cookies fuzz_content_type fuzz_password fuzz_base32
	fuzz_fold fuzz_multipart fuzz_mime fuzz_validate fuzz_aead fuzz_signup_rows
	fuzz_ingest fuzz_markdown fuzz_request_fields fuzz_csv fuzz_chat_url fuzz_ngram"

# The core sources and libraries each target needs.
sources() {
	case $1 in
	fuzz_urlencoded) echo "$CORE/mm_parse.c $CORE/mm_buf.c" ;;
	fuzz_cookies) echo "$CORE/mm_parse.c" ;;
	fuzz_content_type) echo "$CORE/mm_parse.c" ;;
	fuzz_password) echo "$CORE/mm_password.c $CORE/mm_parse.c" ;;
	fuzz_base32) echo "$CORE/mm_otp.c $CORE/mm_buf.c" ;;
	fuzz_fold) echo "$CORE/mm_fold.c $CORE/mm_buf.c" ;;
	fuzz_ngram) echo "$CORE/mm_ngram.c $CORE/mm_fold.c $CORE/mm_buf.c" ;;
	fuzz_multipart) echo "$CORE/mm_multipart.c $CORE/mm_parse.c" ;;
	fuzz_mime) echo "$CORE/mm_mime.c $CORE/mm_buf.c $CORE/mm_parse.c $CORE/mm_crypto.c $CORE/mm_config.c" ;;
	fuzz_validate) echo "$CORE/mm_validate.c $CORE/mm_parse.c $CORE/mm_template.c $CORE/mm_config.c $CORE/mm_buf.c $CORE/mm_log.c" ;;
	fuzz_aead) echo "$CORE/mm_aead.c $CORE/mm_crypto.c $CORE/mm_config.c" ;;
	fuzz_signup_rows) echo "fcgi/signup/signup_values.c $CORE/mm_parse.c $CORE/mm_buf.c" ;;
	fuzz_ingest) echo "fcgi/ingest/ingest_validate.c" ;;
	fuzz_markdown) echo "fcgi/knowledge/kb_markdown.c" ;;
	fuzz_request_fields) echo "fcgi/cases/requests_fields.c $CORE/mm_parse.c" ;;
	fuzz_csv) echo "fcgi/history/history_csv.c $CORE/mm_buf.c" ;;
	fuzz_chat_url) echo "fcgi/chat/chat_url.c" ;;
	esac
}
libs() {
	case $1 in
	fuzz_password) echo "-largon2 -lcrypto" ;;
	fuzz_base32) echo "-lcrypto" ;;
	fuzz_mime|fuzz_aead) echo "-lcrypto -lneo_utl -lz" ;;
	fuzz_validate) echo "-lcrypto -lneo_cgi -lneo_cs -lneo_utl -lz" ;;
	fuzz_ingest) echo "-ljansson" ;;
	fuzz_markdown) echo "-lcmark-gfm-extensions -lcmark-gfm" ;;
	*) echo "" ;;
	esac
}

command -v "$CC" >/dev/null 2>&1 || {
	echo "run.sh: $CC not found (apt-get install clang libclang-rt-14-dev)" >&2
	exit 2
}
mkdir -p "$OUT/artifacts" || exit 2

tmp=$(mktemp -d "${TMPDIR:-/tmp}/mm-fuzz.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM

# build_one TARGET: compiles it; the log says how it went, $OUT/TARGET.built
# marks success.
build_one() {
	rm -f "$OUT/$1.built"
	# shellcheck disable=SC2086
	$CC $CFLAGS "tests/fuzz/$1.c" $(sources "$1") $(libs "$1") -o "$OUT/$1" \
		>"$OUT/$1.log" 2>&1 && touch "$OUT/$1.built"
}

# two builds at a time (the machine has two cores)
jobs=0
for t in $targets; do
	[ -n "$(sources "$t")" ] && [ -f "tests/fuzz/$t.c" ] || continue
	build_one "$t" &
	jobs=$((jobs + 1))
	if [ "$jobs" -ge 2 ]; then
		wait
		jobs=0
	fi
done
wait

passed=0
failed=0
for t in $targets; do
	src=$(sources "$t")
	if [ -z "$src" ] || [ ! -f "tests/fuzz/$t.c" ]; then
		echo "FAIL $t: unknown target"
		failed=$((failed + 1))
		continue
	fi
	corpus="tests/fuzz/corpus/$t"
	log="$OUT/$t.log"

	if [ ! -f "$OUT/$t.built" ]; then
		echo "FAIL $t: build (see $log)"
		failed=$((failed + 1))
		continue
	fi

	# Replay: given files, libFuzzer runs each one once.
	set -- "$corpus"/*
	if [ ! -e "$1" ]; then
		echo "FAIL $t: empty corpus $corpus"
		failed=$((failed + 1))
		continue
	fi
	if ! "./$OUT/$t" -rss_limit_mb="$RSS_MB" \
		-artifact_prefix="$OUT/artifacts/$t-" "$@" >>"$log" 2>&1; then
		bad=$(sed -n 's/^Running: //p' "$log" | tail -1)
		echo "FAIL $t: corpus replay, input ${bad:-?} (see $log)"
		failed=$((failed + 1))
		continue
	fi

	if [ "$replay_only" -eq 0 ] && [ "$FUZZ_TIME" -gt 0 ]; then
		work="$tmp/$t"
		mkdir -p "$work"
		if ! "./$OUT/$t" -max_total_time="$FUZZ_TIME" \
			-rss_limit_mb="$RSS_MB" -timeout=10 -print_final_stats=1 \
			-artifact_prefix="$OUT/artifacts/$t-" \
			"$work" "$corpus" >>"$log" 2>&1; then
			echo "FAIL $t: fuzzing found a crash (see $log and $OUT/artifacts/)"
			failed=$((failed + 1))
			continue
		fi
		if [ "$merge" -eq 1 ] && ! "./$OUT/$t" -merge=1 -rss_limit_mb="$RSS_MB" \
			"$corpus" "$work" >>"$log" 2>&1; then
			echo "FAIL $t: merging into $corpus (see $log)"
			failed=$((failed + 1))
			continue
		fi
		runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
		echo "PASS $t (${runs:-?} runs in ${FUZZ_TIME}s)"
	else
		echo "PASS $t (corpus replayed)"
	fi
	passed=$((passed + 1))
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
