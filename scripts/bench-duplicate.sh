#!/usr/bin/env bash
# Benchmarks of the duplicate strategy for BENCHMARKS.md. Slow (the 40 MB
# build takes minutes); not part of npm test.
#
#   scripts/bench-duplicate.sh [FUNCS...]  generated programs with about 2, 15
#       and 40 MB of text, built for linux/arm64 and run under qemu (relative
#       figures only), each step as the engine times it (REDEFINE_DEBUG=timing)
#   scripts/bench-duplicate.sh steps       the start-up steps run natively on
#       real arm64 programs (gopls, 8000 generated switches) loaded at their
#       own addresses, as ratios to a memcpy of the same text
#       (native/redefine/duplicate_bench_linux_test.go)
#   scripts/bench-duplicate.sh gopls [OLD_ENGINE_DIR]
#       gopls built with the engine, started under qemu 5 times with
#       REDEFINE_STRATEGY=duplicate REDEFINE_DEBUG=timing; with OLD_ENGINE_DIR
#       (an engine checked out from an older commit) the same for that engine
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
engine=$PWD/native/redefine

steps() {
  local inputs
  inputs="$(bash scripts/duplicate-inputs.sh gopls):$(bash scripts/duplicate-inputs.sh generated 8000)"
  echo "## the same results as the previous implementation"
  (cd "$engine" && REDEFINE_DUPLICATE_INPUTS=$inputs go test -buildmode=pie -count=1 -run '^TestDuplicateIdenticalOnRealPrograms$' -v . | grep -E '^(--- |ok|FAIL)|relocated')
  echo "## start-up steps, natively (median of ${ROUNDS:-15} rounds; x-memcpy: wall time, cpu-x-memcpy: the thread's CPU time)"
  (cd "$engine" && REDEFINE_DUPLICATE_INPUTS=$inputs go test -buildmode=pie -count=1 -run '^$' \
    -bench BenchmarkDuplicate -benchtime "${ROUNDS:-15}x" . | grep '^Benchmark')
  uptime
}

gopls_qemu() {
  need_qemu || exit 1
  local old=${1:-} bin
  for which in ${old:+before} after; do
    if [ "$which" = before ]; then
      bin=$(bash scripts/duplicate-inputs.sh gopls-engine "$old")
    else
      bin=$(bash scripts/duplicate-inputs.sh gopls-engine "$engine")
    fi
    echo "## gopls with the engine ($which), under qemu"
    for _ in 1 2 3 4 5; do
      REDEFINE_STRATEGY=duplicate REDEFINE_DEBUG=timing qemu-aarch64-static "$bin" version 2>&1 | grep 'redefine: timing'
    done
  done
  uptime
}

generated_qemu() {
  need_qemu || exit 1
  [ $# -gt 0 ] || set -- 500 8000 22000
  for funcs in "$@"; do
    dir=$CACHE_DIR/bench-duplicate/$funcs
    (cd "$engine" && go run ./internal/benchgen -funcs "$funcs" -o "$dir" -engine "$engine")
    (cd "$dir" && GOARCH=arm64 CGO_ENABLED=0 go build -o bench .)
    echo "## $funcs generated functions"
    (cd "$dir" && REDEFINE_DEBUG=timing REDEFINE_STRATEGY=duplicate qemu-aarch64-static ./bench 2>&1)
    echo "without the copy (strategy inplace):"
    (cd "$dir" && REDEFINE_STRATEGY=inplace qemu-aarch64-static ./bench | grep VmRSS)
  done
}

case "${1:-}" in
steps) steps ;;
gopls) gopls_qemu "${2:-}" ;;
*) generated_qemu "$@" ;;
esac
