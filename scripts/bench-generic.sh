#!/usr/bin/env bash
# Generic instantiations' call costs for BENCHMARKS.md: the Generic* benchmarks of
# native/redefine/generic_bench_test.go with their baselines, the runs interleaved (ROUNDS,
# default 8) so that a busy moment hits every figure alike, then medians and ratios. Natively,
# and under qemu for linux/arm64 (relative only). Not part of npm test.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
cd native/redefine
rounds=${ROUNDS:-8}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pattern='^Benchmark(Generic.*|CallReplacementDirectly|CallRedefined)$'

report() { # FILE: medians and the two ratios of the issue
  python3 - "$1" <<'PY'
import collections, statistics, sys
runs = collections.defaultdict(list)
for line in open(sys.argv[1]):
    f = line.split()
    runs[f[0].split("-")[0].removeprefix("Benchmark")].append(float(f[2]))
m = {k: statistics.median(v) for k, v in runs.items()}
for k in sorted(m):
    print(f"  {k:40s} {m[k]:10.2f} ns/op  (median of {len(runs[k])})")
def ratio(a, b, what):
    print(f"  {what}: {m[a]:.2f} / {m[b]:.2f} = {m[a] / m[b]:.2f}x")
ratio("GenericCallRedefined", "GenericCallReplacementDirectly", "redefined instantiation / its replacement called directly")
ratio("GenericCallSameShapeWhileRedefined", "GenericCallSameShapePlain", "same-shape instantiation while one is redefined / its plain call")
ratio("CallRedefined", "CallReplacementDirectly", "(for comparison) redefined plain function / its replacement")
PY
}

echo "## linux/amd64 ($(go version | cut -d' ' -f3), $(nproc) cores), $rounds rounds"
go test -c -o "$tmp/engine.test" .
for _ in $(seq "$rounds"); do
  "$tmp/engine.test" -test.run '^$' -test.bench "$pattern" -test.benchtime 2000000x | grep '^Benchmark' >>"$tmp/amd64.txt"
done
report "$tmp/amd64.txt"
if need_qemu; then
  echo "## linux/arm64 under qemu-aarch64-static (relative only), $rounds rounds"
  GOARCH=arm64 CGO_ENABLED=0 go test -c -o "$tmp/engine-arm64.test" .
  for _ in $(seq "$rounds"); do
    qemu-aarch64-static "$tmp/engine-arm64.test" -test.run '^$' -test.bench "$pattern" -test.benchtime 200000x | grep '^Benchmark' >>"$tmp/arm64.txt"
  done
  report "$tmp/arm64.txt"
fi
