#!/bin/sh
# Runs every libFuzzer target for SECONDS seconds (default 60) and fails on any crash,
# trap, leak, timeout or out-of-memory. Called by `make fuzz SECONDS=N`.
#
# The targets (Fuzz/) are built with -sanitize=fuzzer,address into .build-fuzz. Each run
# starts from the committed seeds (Fuzz/corpus/<target>) plus what earlier runs found
# (.build-fuzz/corpus/<target>); a finding is written to .build-fuzz/artifacts/<target>/
# and the run stops with its path. Add a fixed finding to the tests' regression cases.
#
# `fuzz.sh --check` (what `make test` runs) builds the same targets and runs each over its
# committed seeds only, once: a few seconds after the build, so
# that a target that no longer builds, or a seed that crashes, fails the tests rather than
# waiting for the next `make fuzz`.
set -eu
CHECK=""
if [ "${1:-}" = "--check" ]; then CHECK=1; shift; fi
SECONDS_PER_TARGET="${1:-60}"
TARGETS="${FUZZ_TARGETS:-FuzzImages FuzzPDF FuzzApplication FuzzSpreadsheet FuzzPolicy}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
# Release, as libFuzzer's archive links only with its entry point stripped away as dead code.
SCRATCH=.build-fuzz
CONFIG=release
mkdir -p "$SCRATCH"

# `--product` builds one product per call: one call per target. The build's own output is
# kept, and shown when it fails.
for t in $TARGETS; do
  if ! SAFETYREG_FUZZ=1 swift build --scratch-path "$SCRATCH" -c "$CONFIG" \
    -Xswiftc -sanitize=fuzzer,address -Xcc -fsanitize=fuzzer-no-link,address -Xswiftc -use-ld=lld \
    --product "$t" >"$SCRATCH/$t.build.log" 2>&1; then
    grep -E "error|Error" "$SCRATCH/$t.build.log" | head -30 >&2
    echo "cannot build $t (the whole log: $SCRATCH/$t.build.log)" >&2
    exit 2
  fi
done

export LSAN_OPTIONS="suppressions=$ROOT/Tests/lsan.supp:print_suppressions=0"
# libFuzzer reports a crash itself; Swift's backtracer would then read the dying process's
# memory and draw a false AddressSanitizer report over the real one.
export SWIFT_BACKTRACE=enable=no
export ASAN_OPTIONS="detect_leaks=1:allocator_may_return_null=1"
status=0
if [ -n "$CHECK" ]; then
  for t in $TARGETS; do
    # The seeds only, each run once (-runs=0 runs the given inputs and stops); nothing is
    # written into the committed corpus.
    if ! "$SCRATCH/$CONFIG/$t" -runs=0 -rss_limit_mb=2048 -timeout=30 "Fuzz/corpus/$t"/* >"$SCRATCH/$t.check.log" 2>&1; then
      echo "!! $t failed on its seeds:" >&2
      grep -E "ERROR|SUMMARY|==[0-9]+==|Fatal" "$SCRATCH/$t.check.log" | head -20 >&2
      status=1
    else
      echo "== $t: $(ls "Fuzz/corpus/$t" | wc -l) seeds run, no failure"
    fi
  done
  exit $status
fi
for t in $TARGETS; do
  work=".build-fuzz/corpus/$t"
  artifacts=".build-fuzz/artifacts/$t/"
  mkdir -p "$work" "$artifacts"
  case "$t" in
    FuzzImages|FuzzPDF|FuzzSpreadsheet) max_len=131072 ;;
    *) max_len=65536 ;;
  esac
  # FoundationXML leaks a few hundred bytes per malformed part (suppressed in
  # Tests/lsan.supp), which makes libFuzzer run LeakSanitizer's full check on every input
  # (6 inputs a second): FuzzSpreadsheet runs without leak detection; AddressSanitizer
  # still catches every memory error.
  extra=""
  [ "$t" = FuzzSpreadsheet ] && extra="-detect_leaks=0"
  echo "== $t: $SECONDS_PER_TARGET s"
  if ! ".build-fuzz/release/$t" "$work" "Fuzz/corpus/$t" -max_total_time="$SECONDS_PER_TARGET" \
      -max_len="$max_len" -rss_limit_mb=2048 -timeout=30 -print_final_stats=1 $extra \
      -artifact_prefix="$artifacts" >".build-fuzz/$t.log" 2>&1; then
    echo "!! $t found a problem:" >&2
    grep -E "ERROR|SUMMARY|Test unit written|==[0-9]+==" ".build-fuzz/$t.log" | head -20 >&2
    status=1
  fi
  grep -E "^stat::(number_of_executed_units|peak_rss_mb)|cov: [0-9]+" ".build-fuzz/$t.log" | tail -3
done
exit $status
