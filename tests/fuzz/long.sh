#!/bin/sh
# Long fuzzing: every libFuzzer target for FUZZ_SECONDS (default 3600), two
# at a time (the machine has two cores), each into a kept work corpus; the
# inputs that reach new code are merged into tests/fuzz/corpus/ (commit
# them). Writes the figures of the run (executions, exec/s, coverage as
# libFuzzer's cov/ft, new units, crashes) as a Markdown table to
# tests/fuzz/build/long/figures.md and prints it. Exits non-zero when a
# target failed to build, crashed or did not merge.
#
#   tests/fuzz/long.sh                        all targets, one hour each
#   FUZZ_SECONDS=300 tests/fuzz/long.sh       five minutes each
#   tests/fuzz/long.sh fuzz_mime fuzz_csv     only these targets
#   FUZZ_JOBS=1 tests/fuzz/long.sh            one at a time
#   FUZZ_CPU=1 tests/fuzz/long.sh             FUZZ_SECONDS of CPU time, not of
#                                             the clock (a busy or niced run
#                                             still fuzzes its full budget)
#   FUZZ_RESUME=1 tests/fuzz/long.sh          skip targets whose row of an
#                                             earlier run says ok; with
#                                             FUZZ_CPU=1 a target whose run
#                                             was cut off goes on with the
#                                             CPU time left of its budget
#   tests/fuzz/long.sh --save                 after a run was stopped: merges
#                                             every kept work corpus into the
#                                             seed corpus and copies each
#                                             target's progress and row to
#                                             tests/fuzz/long-runs/ (commit
#                                             both), where FUZZ_RESUME=1 on
#                                             another machine picks them up
set -u

cd "$(dirname "$0")/../.." || exit 2

FUZZ_SECONDS=${FUZZ_SECONDS:-3600}
FUZZ_JOBS=${FUZZ_JOBS:-2}
FUZZ_CPU=${FUZZ_CPU:-0}
FUZZ_RESUME=${FUZZ_RESUME:-0}
TICKS=$(getconf CLK_TCK)
RSS_MB=${RSS_MB:-2048}
OUT=tests/fuzz/build
LONG=$OUT/long
# the committed record of long runs: a finished target's row, a cut-off
# target's CPU seconds and executions (its inputs are in the seed corpus)
KEPT=tests/fuzz/long-runs
save=0

targets=""
for a in "$@"; do
	case $a in
	fuzz_*) targets="$targets $a" ;;
	--save) save=1 ;;
	-h|--help) sed -n '2,28p' "$0"; exit 0 ;;
	*) echo "long.sh: unknown argument $a" >&2; exit 2 ;;
	esac
done
[ -n "$targets" ] ||
	targets=$(sed -n '/^\[ -n "\$targets" \] ||/,/"$/p' tests/fuzz/run.sh |
		tr -d '"' | sed -e 1d -e 's/targets=//' | tr '\n' ' ')

# save_one TARGET: the seed corpus gains the kept work corpus's new inputs;
# the progress (or the finished row) goes to $KEPT
save_one() {
	t=$1
	mkdir -p "$KEPT"
	if [ -d "$LONG/$t.corpus" ] && [ -x "$OUT/$t" ]; then
		"./$OUT/$t" -merge=1 -rss_limit_mb="$RSS_MB" "tests/fuzz/corpus/$t" "$LONG/$t.corpus" \
			>"$LONG/$t.save.log" 2>&1 || { echo "long.sh: merge failed for $t" >&2; return 1; }
	fi
	if grep -q '| ok |$' "$LONG/$t.row" 2>/dev/null; then
		cp "$LONG/$t.row" "$KEPT/$t.row"
		rm -f "$KEPT/$t.progress"
	elif [ -f "$LONG/$t.progress" ]; then
		cp "$LONG/$t.progress" "$KEPT/$t.progress"
	fi
}
if [ "$save" = 1 ]; then
	rc=0
	for t in $targets; do save_one "$t" || rc=1; done
	ls "$KEPT" 2>/dev/null
	exit $rc
fi

# a fresh build directory starts from the committed record
if [ "$FUZZ_RESUME" = 1 ] && [ -d "$KEPT" ]; then
	mkdir -p "$LONG"
	for f in "$KEPT"/*; do
		[ -f "$f" ] || continue
		[ -f "$LONG/${f##*/}" ] || cp "$f" "$LONG/"
	done
fi

# build + corpus replay of every target (a target that fails here is not
# fuzzed: its log says why)
# shellcheck disable=SC2086
sh tests/fuzz/run.sh --replay-only $targets || echo "long.sh: the build or the replay failed for some target" >&2

mkdir -p "$LONG" "$OUT/artifacts" || exit 2

# fuzz_one TARGET: fuzzes into $LONG/TARGET.corpus (kept between runs),
# merges into the seed corpus, and writes $LONG/TARGET.row.
fuzz_one() {
	t=$1
	log=$LONG/$t.log
	work=$LONG/$t.corpus
	corpus=tests/fuzz/corpus/$t
	mkdir -p "$work"
	if [ ! -f "$OUT/$t.built" ]; then
		echo "| $t | – | – | – | – | – | – | – | build failed |" >"$LONG/$t.row"
		return
	fi
	before=$(ls "$corpus" | wc -l)
	status=ok
	# CPU seconds and executions of earlier runs of this target that were
	# cut off (the machine stopped, the run was killed): their inputs are
	# in the kept work corpus, so a resumed run only fuzzes what is left
	base_cpu=0
	base_runs=0
	if [ "$FUZZ_RESUME" = 1 ] && [ "$FUZZ_CPU" = 1 ] && [ -f "$LONG/$t.progress" ]; then
		read -r base_cpu base_runs <"$LONG/$t.progress"
	fi
	touch "$LONG/$t.start"
	t0=$(date +%s)
	if [ "$FUZZ_CPU" = 1 ]; then
		# the clock limit only as a backstop; the budget is the process's
		# CPU time, read from /proc, and the run is interrupted (SIGINT:
		# libFuzzer prints its final stats and exits with 72) when spent
		# libFuzzer's -timeout is of the clock: a niced run on a busy
		# machine can wait many seconds for a core within one input, so
		# the hang limit is wider here (the inputs of these targets take
		# milliseconds; a real hang still trips it)
		"./$OUT/$t" -max_total_time=$((FUZZ_SECONDS * 50)) -rss_limit_mb="$RSS_MB" -timeout=120 \
			-print_final_stats=1 \
			-artifact_prefix="$OUT/artifacts/$t-" "$work" "$corpus" >"$log" 2>&1 &
		pid=$!
		cpu=$base_cpu
		stopped=0
		while kill -0 "$pid" 2>/dev/null; do
			ticks=$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null) || break
			cpu=$((base_cpu + ticks / TICKS))
			runs=$(grep -aoE '^#[0-9]+' "$log" | tail -1 | tr -d '#')
			echo "$cpu $((base_runs + ${runs:-0}))" >"$LONG/$t.progress"
			if [ "$cpu" -ge "$FUZZ_SECONDS" ]; then
				kill -INT "$pid" && stopped=1
				break
			fi
			sleep 5
		done
		wait "$pid"
		rc=$?
		[ "$rc" = 0 ] || { [ "$stopped" = 1 ] && [ "$rc" = 72 ]; } || status=CRASH
	else
		"./$OUT/$t" -max_total_time="$FUZZ_SECONDS" -rss_limit_mb="$RSS_MB" -timeout=10 \
			-print_final_stats=1 -artifact_prefix="$OUT/artifacts/$t-" \
			"$work" "$corpus" >"$log" 2>&1 || status=CRASH
	fi
	secs=$(($(date +%s) - t0))
	"./$OUT/$t" -merge=1 -rss_limit_mb="$RSS_MB" "$corpus" "$work" >"$LONG/$t.merge.log" 2>&1 ||
		status="$status, merge failed"
	after=$(ls "$corpus" | wc -l)
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	[ -n "$runs" ] && runs=$((base_runs + runs))
	[ "$status" = ok ] && rm -f "$LONG/$t.progress"
	eps=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
	cov=$(grep -aoE 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -1 | awk '{print $2 " / " $4}')
	crashes=$(find "$OUT/artifacts" -name "$t-*" -newer "$LONG/$t.start" | wc -l)
	[ "$FUZZ_CPU" = 1 ] || cpu="–"
	echo "| $t | $secs | $cpu | ${runs:-?} | ${eps:-?} | ${cov:-?} | $before → $after | $crashes | $status |" >"$LONG/$t.row"
}

running=0
for t in $targets; do
	if [ "$FUZZ_RESUME" = 1 ] && grep -q '| ok |$' "$LONG/$t.row" 2>/dev/null; then
		continue
	fi
	fuzz_one "$t" &
	running=$((running + 1))
	if [ "$running" -ge "$FUZZ_JOBS" ]; then
		wait
		running=0
	fi
done
wait

{
	budget="$FUZZ_SECONDS s per target"
	[ "$FUZZ_CPU" = 1 ] && budget="$FUZZ_SECONDS s of CPU time per target"
	echo "Fuzzing $(date -u '+%Y-%m-%d %H:%M UTC'), $budget, $FUZZ_JOBS at a time, load average $(cut -d' ' -f1-3 /proc/loadavg)"
	echo
	echo "| target | seconds | CPU seconds | executions | exec/s | cov / ft | seed corpus before → after merge | crash files | result |"
	echo "|---|---:|---:|---:|---:|---:|---|---:|---|"
	for t in $targets; do cat "$LONG/$t.row"; done
} >"$LONG/figures.md"
cat "$LONG/figures.md"
! grep -qE '\| (CRASH|build failed)|merge failed' "$LONG/figures.md"
