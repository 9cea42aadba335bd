#!/usr/bin/env bash
# Benchmarks of the duplicate strategy for BENCHMARKS.md: generated programs
# with about 2, 15 and 40 MB of text, built for linux/arm64 and run under
# qemu (relative figures only). Slow (the 40 MB build takes minutes); not part
# of npm test. Usage: scripts/bench-duplicate.sh [FUNCS...]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
need_qemu || exit 1
engine=$PWD/native/redefine
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
