#!/usr/bin/env bash
# Engine call and patching costs of this checkout against an earlier
# revision, measured in one run: both test binaries are built, then run in
# turn ROUNDS times; the table gives each benchmark's minimum and median
# (the machine is shared: the minimum is the least disturbed run). Figures
# for BENCHMARKS.md. Usage: scripts/bench-engine-vs.sh [REV] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
rev=${1:-961b822}
rounds=${2:-8}
tmp=$(mktemp -d)
trap 'git worktree remove --force "$tmp/old" >/dev/null 2>&1 || true; rm -rf "$tmp"' EXIT
git worktree add --detach "$tmp/old" "$rev" >/dev/null 2>&1
(cd "$tmp/old/native/redefine" && go test -c -o "$tmp/old.test" .)
(cd native/redefine && go test -c -o "$tmp/new.test" .)
bench='Call|Redefine|Restore'
for i in $(seq "$rounds"); do
  "$tmp/old.test" -test.run '^$' -test.bench "$bench" -test.benchtime 300000x | sed -n 's/^Benchmark/old Benchmark/p'
  "$tmp/new.test" -test.run '^$' -test.bench "$bench" -test.benchtime 300000x | sed -n 's/^Benchmark/new Benchmark/p'
done | awk '{ print $1 " " $2, $4 }' | sort -k1,2 -k3,3g | awk '
  { key = $1 " " $2; vals[key] = vals[key] " " $3; n[key]++ }
  END {
    for (k in vals) {
      split(substr(vals[k], 2), a, " ")
      printf "%-50s min %10.3f  median %10.3f ns/op\n", k, a[1], a[int((n[k] + 1) / 2)]
    }
  }' | sort
