#!/usr/bin/env bash
# Engine benchmarks for BENCHMARKS.md: linux/amd64 natively, linux/arm64 under
# qemu (relative figures only). Not part of npm test: timings are not asserted.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
cd native/redefine
echo "## linux/amd64 ($(go version | cut -d' ' -f3), $(nproc) cores)"
go test -run '^$' -bench . -benchtime 200000x -count 3 . | grep '^Benchmark'
if need_qemu; then
  echo "## linux/arm64 under qemu-aarch64-static"
  bin=$(mktemp -d)/engine-arm64.test
  GOARCH=arm64 CGO_ENABLED=0 go test -c -o "$bin" .
  qemu-aarch64-static "$bin" -test.run '^$' -test.bench . -test.benchtime 100000x -test.count 3 | grep '^Benchmark'
fi
