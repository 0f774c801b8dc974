#!/usr/bin/env bash
# Fuzzes iamgate's parsers with libFuzzer (see README "Fuzzing"): builds the one fuzz binary (Fuzz/iamgate-fuzz, every
# target in Fuzz/FuzzTargets) with -sanitize=fuzzer,address in .build-fuzz, writes the seed corpus from fixtures/
# (scripts/fuzz-seeds.py), and runs each target in turn. A target fails on a crash, a sanitizer report, an input
# that takes more CPU time than the limit (or never returns), or memory over the limits; the failing input is kept in
# .build-fuzz/failures/TARGET/ and the command that replays it is printed.
#
#   scripts/fuzz.sh [--runs N] [TARGET...]     N executions per target (default 1,000,000; FUZZ_RUNS); the corpus
#                                              each target grows is kept in .build-fuzz/corpus/TARGET
#   scripts/fuzz.sh --smoke [SECONDS] [TARGET...]
#                                              every seed, then new inputs for SECONDS per target (default 1), with a
#                                              throwaway corpus: `make test` runs this so the targets never rot
#   scripts/fuzz.sh --replay TARGET FILE...    runs FILEs through TARGET once each (reproducing a failure)
#   scripts/fuzz.sh --build                    only builds
#
# Environment: FUZZ_TIMEOUT (seconds of CPU time per input, default 1: the target measures it, so a busy machine does
# not fail fast inputs), FUZZ_HANG_SECONDS (wall-clock seconds after which an input counts as never returning,
# libFuzzer's -timeout, default 30), FUZZ_RSS_MB (default 2048), FUZZ_MALLOC_MB (largest single allocation, default
# 1024), FUZZ_JOBS (processes fuzzing one target at once with --runs, default 1: with more, libFuzzer's fork mode shares
# the N executions and the corpus among them, so a slow target's run takes a fraction of the time on as many cores),
# SWIFT (default swift). The figures of each run are added to .build-fuzz/runs.txt.
set -euo pipefail
cd "$(dirname "$0")/.."

SWIFT=${SWIFT:-swift}
SCRATCH=.build-fuzz
BINARY=$SCRATCH/debug/iamgate-fuzz
TARGETS=(policy evaluation-case sql manifest config xml cloudcontrol mdx authorization-details saved-plan audit-log
    expectations audit-report)
TIMEOUT=${FUZZ_TIMEOUT:-1}
HANG_SECONDS=${FUZZ_HANG_SECONDS:-30}
RSS_MB=${FUZZ_RSS_MB:-2048}
MALLOC_MB=${FUZZ_MALLOC_MB:-1024}
# What every run of the binary is held to: an input that never returns, memory.
resources=(-timeout="$HANG_SECONDS" -rss_limit_mb="$RSS_MB" -malloc_limit_mb="$MALLOC_MB")
JOBS=${FUZZ_JOBS:-1}
[[ "$JOBS" =~ ^[1-9][0-9]*$ ]] || { echo "fuzz: FUZZ_JOBS must be a whole number of processes, not '$JOBS'" >&2; exit 64; }

mode=runs
runs=${FUZZ_RUNS:-1000000}
smoke_seconds=1
case "${1:-}" in
    --runs) runs=${2:?--runs needs a number}; shift 2 ;;
    --smoke)
        mode=smoke; shift
        if [[ "${1:-}" =~ ^[0-9]+$ ]]; then smoke_seconds=$1; shift; fi ;;
    --replay) mode=replay; shift ;;
    --build) mode=build; shift ;;
    -h|--help) awk 'NR > 1 && !/^#/ { exit } NR > 1' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
esac

build() {
    scripts/stamp-commit.sh
    mkdir -p "$SCRATCH"
    # IAMGATE_FUZZ=1 adds the iamgate-fuzz product to the package (Package.swift); libFuzzer supplies main.
    if ! IAMGATE_FUZZ=1 "$SWIFT" build -c debug --scratch-path "$SCRATCH" \
        -Xswiftc -sanitize=fuzzer,address -Xswiftc -O --product iamgate-fuzz > "$SCRATCH/build.log" 2>&1
    then
        grep -E 'error:' "$SCRATCH/build.log" | head -20 >&2 || tail -20 "$SCRATCH/build.log" >&2
        echo "fuzz: the fuzz build failed (all of it in $SCRATCH/build.log)" >&2
        exit 1
    fi
}

build
[ "$mode" = build ] && exit 0
# Shorter allocation stacks in reports make every allocation cheaper; --replay shows the full ones.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:malloc_context_size=$([ "$mode" = replay ] && echo 30 || echo 4)}
# Leaks of the toolchain's own libraries, not iamgate's (each explained in the file).
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/Fuzz/lsan-suppressions.txt}
# Swift's own crash reporter would take the signal libFuzzer needs to keep the failing input (and crashes itself under
# AddressSanitizer): leave crashes to libFuzzer.
export SWIFT_BACKTRACE=${SWIFT_BACKTRACE:-enable=no}
# The CPU time one input may take; Fuzz/iamgate-fuzz aborts on an input over it (libFuzzer keeps it as crash-…).
export IAMGATE_FUZZ_CPU_SECONDS=$TIMEOUT

known() {
    local name
    for name in "${TARGETS[@]}"; do [ "$name" = "$1" ] && return 0; done
    return 1
}

if [ "$mode" = replay ]; then
    target=${1:?--replay needs a target and files}; shift
    known "$target" || { echo "fuzz: unknown target '$target' (targets: ${TARGETS[*]})" >&2; exit 64; }
    IAMGATE_FUZZ_TARGET=$target exec "$BINARY" "${resources[@]}" "$@"
fi

selected=("$@")
[ ${#selected[@]} -eq 0 ] && selected=("${TARGETS[@]}")
for target in "${selected[@]}"; do
    known "$target" || { echo "fuzz: unknown target '$target' (targets: ${TARGETS[*]})" >&2; exit 64; }
done

mkdir -p "$SCRATCH/logs" "$SCRATCH/tmp"
# The targets' temporary files go here, so that a crashed run leaves nothing in the system's temporary directory: one
# folder per invocation, so that two runs side by side never remove each other's files.
run_tmp=$(mktemp -d "$PWD/$SCRATCH/tmp/run-XXXXXX")
trap 'rm -rf "$run_tmp"' EXIT
export TMPDIR=$run_tmp
# The seeds too: written fresh from fixtures/ by every invocation.
seeds=$run_tmp/seeds
python3 scripts/fuzz-seeds.py "$seeds" > /dev/null

summary=$SCRATCH/runs.txt
{
    echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ) commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)" \
        "mode $mode$([ "$mode" = smoke ] && echo " ${smoke_seconds}s" || echo " $runs runs")$([ "$mode" = runs ] \
            && [ "$JOBS" -gt 1 ] && echo " in $JOBS jobs")"
    printf '%-22s %12s %9s %9s %7s %7s %7s %6s\n' target executions seconds exec/s cov ft corpus slowest
} | tee -a "$summary"

failed=()
for target in "${selected[@]}"; do
    # Not "artifacts": SwiftPM owns that folder of a scratch path and empties it on every build, which took the folder
    # from under a run going on beside a build.
    artifacts=$SCRATCH/failures/$target/
    mkdir -p "$artifacts"
    if [ "$mode" = smoke ]; then
        corpus=$(mktemp -d "$run_tmp/smoke-XXXXXX")
        budget=(-max_total_time="$smoke_seconds")
    else
        corpus=$SCRATCH/corpus/$target
        mkdir -p "$corpus"
        budget=(-runs="$runs")
        # Fork mode ignores timeouts and running out of memory unless told not to; a crash always stops it. Its jobs
        # look for no leaks: each job is a new process, and libFuzzer's leak check scans the whole heap after every
        # input that allocated more than it freed, until a process has checked 1,000 of them, so short jobs spent
        # half their time there (manifest: 2,500 inputs took 24 s of CPU with it, 11 s without). One process looks
        # for leaks in every corpus input before the jobs start and after they end.
        [ "$JOBS" -gt 1 ] && budget+=(-fork="$JOBS" -ignore_timeouts=0 -ignore_ooms=0 -ignore_crashes=0 -detect_leaks=0)
    fi
    limits=("${resources[@]}" -artifact_prefix="$artifacts")
    dictionary=()
    [ -f "Fuzz/dictionaries/$target.dict" ] && dictionary=(-dict="Fuzz/dictionaries/$target.dict")
    log=$SCRATCH/logs/$target.log
    [ "$mode" = smoke ] && log=$SCRATCH/logs/$target.smoke.log
    # An input over the CPU limit once and under it when run again at once is kept here, then run in a new process.
    recheck=$run_tmp/recheck-$target
    mkdir -p "$recheck"
    started=$(date +%s)
    status=0
    : > "$log"
    # The target on these arguments, in a process that keeps an input slow once in $recheck.
    fuzzer() { IAMGATE_FUZZ_TARGET=$target IAMGATE_FUZZ_RECHECK_DIR=$recheck "$BINARY" "$@"; }
    forked=false
    [ "$mode" = runs ] && [ "$JOBS" -gt 1 ] && forked=true
    # Fork mode's first pass over the corpus skips an input that crashes: every input runs once in one process first.
    if $forked; then
        fuzzer -runs=0 "${limits[@]}" "$corpus" "$seeds/$target" >> "$log" 2>&1 || status=$?
    fi
    if [ "$status" = 0 ]; then
        fuzzer "${budget[@]}" "${dictionary[@]}" "${limits[@]}" -print_final_stats=1 "$corpus" "$seeds/$target" \
            >> "$log" 2>&1 || status=$?
    fi
    seconds=$(( $(date +%s) - started ))
    # The pass over the grown corpus, looking for leaks, has a log of its own: the run's figures are those of the fork
    # run's last line (below).
    failure_log=$log
    if $forked && [ "$status" = 0 ]; then
        failure_log=$log.leaks
        fuzzer -runs=0 "${limits[@]}" "$corpus" > "$failure_log" 2>&1 || status=$?
    fi
    # A pause of the machine is charged to the input that was running; a slow input is slow again. In a new process
    # nothing is cached yet, and there is no second run.
    paused=0
    for input in "$recheck"/slow-once-*; do
        [ -e "$input" ] && [ "$status" = 0 ] || continue
        if IAMGATE_FUZZ_TARGET=$target "$BINARY" "${limits[@]}" "$input" > "$log.recheck" 2>&1; then
            paused=$((paused + 1))
        else
            # libFuzzer keeps the input in $artifacts and says so in the log.
            status=1
            failure_log=$log.recheck
        fi
    done
    [ "$mode" = smoke ] && rm -rf "$corpus"
    executions='' speed='' slowest=''
    if $forked; then
        # Fork mode prints no final statistics: its figures are those of the run's own last line ("#N: cov: …"), not
        # the lines and statistics a job that fails copies into the log.
        last=$(grep -aE '^#[0-9]+: cov:' "$log" | tail -1 || true)
    else
        executions=$({ grep -a '^stat::number_of_executed_units:' "$log" || true; } | tail -1 | tr -dc '0-9')
        speed=$({ grep -a '^stat::average_exec_per_sec:' "$log" || true; } | tail -1 | tr -dc '0-9')
        slowest=$({ grep -a '^stat::slowest_unit_time_sec:' "$log" || true; } | tail -1 | tr -dc '0-9')
        last=$(grep -aE '^#[0-9]+' "$log" | tail -1 || true)
    fi
    cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<< "$last")
    ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<< "$last")
    # "corp: 12/3Kb" in one process, "corp: 12 exec/s" in fork mode.
    units=$(sed -n 's/.* corp: \([0-9]*\)[/ ].*/\1/p' <<< "$last")
    # In fork mode, exec/s is the executions over the run's seconds.
    if [ -z "$executions" ]; then
        executions=$(sed -n 's/^#\([0-9]*\).*/\1/p' <<< "$last")
        [ -n "$executions" ] && [ "$seconds" -gt 0 ] && speed=$((executions / seconds))
    fi
    printf '%-22s %12s %9s %9s %7s %7s %7s %6s\n' "$target" "${executions:--}" "$seconds" "${speed:--}" \
        "${cov:--}" "${ft:--}" "${units:--}" "${slowest:--}" | tee -a "$summary"
    if [ "$paused" -gt 0 ]; then
        echo "fuzz: $target: $paused input(s) over the CPU limit once, under it when run again and in a new process" \
            "(a pause of the machine charged to them, not the input)" | tee -a "$summary"
    fi
    if [ "$status" != 0 ]; then
        failed+=("$target")
        echo "fuzz: target '$target' failed (exit $status); the end of $failure_log:" >&2
        grep -aE 'iamgate-fuzz:|ERROR|SUMMARY|ALARM|Test unit written|out-of-memory|timeout|==[0-9]+==' "$failure_log" \
            | tail -12 >&2 || true
        unit=$(grep -a 'Test unit written to ' "$failure_log" | tail -1 | sed 's/.*Test unit written to //')
        [ -n "$unit" ] && echo "fuzz: replay it with: scripts/fuzz.sh --replay $target $unit" >&2
    fi
done
if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzz: failed: ${failed[*]}" >&2
    exit 1
fi
