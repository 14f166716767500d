#!/bin/sh
# Runs every libFuzzer target for SECONDS seconds (default 60) and fails on any crash,
# trap, leak, timeout or out-of-memory. Called by `make fuzz SECONDS=N`.
#
# The targets (Fuzz/) are built with -sanitize=fuzzer,address into .build-fuzz. Each run
# starts from the committed seeds (Fuzz/corpus/<target>) plus what earlier runs found
# (.build-fuzz/corpus/<target>); a finding is written to .build-fuzz/artifacts/<target>/
# and the run stops with its path. Add a fixed finding to the tests' regression cases.
set -eu
SECONDS_PER_TARGET="${1:-60}"
TARGETS="${FUZZ_TARGETS:-FuzzImages FuzzPDF FuzzApplication FuzzSpreadsheet FuzzPolicy}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"

SAFETYREG_FUZZ=1 swift build --scratch-path .build-fuzz -c release \
  -Xswiftc -sanitize=fuzzer,address -Xcc -fsanitize=fuzzer-no-link,address -Xswiftc -use-ld=lld \
  $(for t in $TARGETS; do printf -- '--product %s ' "$t"; done) 2>&1 | grep -v -e '^warning: prohibited flag' -e 'unhandled' -e '^    /' || true
# `--product` builds one product per call; build the others too.
for t in $TARGETS; do
  SAFETYREG_FUZZ=1 swift build --scratch-path .build-fuzz -c release \
    -Xswiftc -sanitize=fuzzer,address -Xcc -fsanitize=fuzzer-no-link,address -Xswiftc -use-ld=lld \
    --product "$t" >/dev/null 2>&1 || { echo "cannot build $t" >&2; exit 2; }
done

export LSAN_OPTIONS="suppressions=$ROOT/Tests/lsan.supp:print_suppressions=0"
# libFuzzer reports a crash itself; Swift's backtracer would then read the dying process's
# memory and draw a false AddressSanitizer report over the real one.
export SWIFT_BACKTRACE=enable=no
export ASAN_OPTIONS="detect_leaks=1:allocator_may_return_null=1"
status=0
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
