#!/usr/bin/env bash
# Benchmarks of the redefine command for BENCHMARKS.md (not part of npm test:
# timings are not asserted). Two figures, each against a baseline measured in
# the same run:
#  1. a hot loop of small inlinable calls (a test that redefines time.Now,
#     nothing in the loop): the CPU time of the test binary built by redefine
#     test (targets kept out of inlining) and by redefine test -inlining=off
#     (-gcflags=all=-l), divided by go test's;
#  2. the fixed cost of one redefine run / redefine test on warm caches,
#     against go run / go test, with the command's own breakdown
#     (REDEFINE_DEBUG=timing);
#  3. a real suite's hot path: three of sirupsen/logrus's benchmarks (each
#     log entry reads time.Now) with a transparent redefinition of time.Now:
#     CPU of the test binary built each way.
# Each figure is the median of RUNS runs (default 7).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
RUNS=${RUNS:-7}
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
(cd native && go build -o "$bin/redefine" ./cmd/redefine)
R="$bin/redefine"

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
# elapsed CMD...: wall seconds of one run
elapsed() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s.%N); echo "$e - $s" | bc -l; }
# testtime CMD...: the seconds go test reports for the package ("ok pkg 1.234s")
testtime() { "$@" 2>/dev/null | awk '/^ok/ {sub(/s$/, "", $3); print $3}'; }

mod=$bin/hot
mkdir -p "$mod"
cat >"$mod/go.mod" <<'EOF'
module example.com/hot

go 1.22
EOF
cat >"$mod/hot.go" <<'EOF'
// Package hot is a loop of small calls the compiler inlines.
package hot

import "time"

type vec struct{ x, y int }

func (v vec) add(o vec) vec      { return vec{v.x + o.x, v.y + o.y} }
func clamp(x, lo, hi int) int    { if x < lo { return lo }; if x > hi { return hi }; return x }
func mix(a, b int) int           { return a*31 + b }

// Run is the hot loop.
func Run(n int) int {
	v, s := vec{}, 0
	for i := 0; i < n; i++ {
		v = v.add(vec{i & 7, 1})
		s = mix(s, clamp(v.x, 0, 1000))
	}
	return s + v.y
}

// Stamp reads the clock once.
func Stamp() string { return time.Now().Format(time.Kitchen) }
EOF
cat >"$mod/hot_test.go" <<'EOF'
package hot

import (
	"testing"
	"time"
)

//redefine:func time.Now
func fivePM() time.Time { return time.Date(2026, 1, 30, 17, 0, 0, 0, time.UTC) }

func TestHot(t *testing.T) {
	if Run(300_000_000) == 42 {
		t.Log("unlikely")
	}
	_ = Stamp()
}
EOF
cd "$mod"
# The three test binaries, built once; then run in turn (so that the load of
# a shared machine falls on all three alike), timing the CPU of each run.
go test -c -o "$bin/plain.test" .
"$R" test -c -o "$bin/keep.test" .
"$R" test -inlining=off -c -o "$bin/off.test" .
cpu() { /usr/bin/time -f '%U %S' "$@" -test.count=1 2>&1 >/dev/null | tail -1 | awk '{print $1 + $2}'; }
: >"$bin/plain" >"$bin/keep" >"$bin/off"
for i in $(seq "$RUNS"); do
  cpu "$bin/plain.test" >>"$bin/plain"
  cpu "$bin/keep.test" >>"$bin/keep"
  cpu "$bin/off.test" >>"$bin/off"
done
g=$(median <"$bin/plain")
k=$(median <"$bin/keep")
o=$(median <"$bin/off")
echo "## hot loop of small inlinable calls ($(go version | cut -d' ' -f3), $(nproc) cores, CPU seconds of the test binary, median of $RUNS)"
printf 'go test                       %6.3f s\n' "$g"
printf 'redefine test                 %6.3f s  ratio %.2f\n' "$k" "$(echo "$k / $g" | bc -l)"
printf 'redefine test -inlining=off   %6.3f s  ratio %.2f\n' "$o" "$(echo "$o / $g" | bc -l)"

# A tiny program for the fixed cost.
tiny=$bin/tiny
mkdir -p "$tiny"
printf 'module example.com/tiny\n\ngo 1.22\n' >"$tiny/go.mod"
cat >"$tiny/main.go" <<'EOF'
package main

import (
	"fmt"
	"time"
)

func main() { fmt.Println(time.Now().Format(time.Kitchen)) }
EOF
cat >"$tiny/main_test.go" <<'EOF'
package main

import "testing"

func TestNothing(t *testing.T) {}
EOF
cat >"$tiny/redefine_now.go" <<'EOF'
//go:build redefine

package main

import "time"

//redefine:func time.Now
func fivePM() time.Time { return time.Date(2026, 1, 30, 17, 0, 0, 0, time.UTC) }
EOF
cd "$tiny"
for i in 1 2; do go run . >/dev/null; "$R" run . >/dev/null; go test -count=1 . >/dev/null; "$R" test -count=1 . >/dev/null; done

echo
echo "## fixed cost on warm caches (wall seconds, median of $RUNS, the four commands in turn)"
: >"$bin/gr" >"$bin/rr" >"$bin/gt" >"$bin/rt" >"$bin/rrn" >"$bin/rtn"
for i in $(seq "$RUNS"); do
  elapsed go run . >>"$bin/gr"
  elapsed "$R" run . >>"$bin/rr"
  elapsed env REDEFINE_CACHE=off "$R" run . >>"$bin/rrn"
  elapsed go test -count=1 . >>"$bin/gt"
  elapsed "$R" test -count=1 . >>"$bin/rt"
  elapsed env REDEFINE_CACHE=off "$R" test -count=1 . >>"$bin/rtn"
done
gr=$(median <"$bin/gr")
rr=$(median <"$bin/rr")
gt=$(median <"$bin/gt")
rt=$(median <"$bin/rt")
rrn=$(median <"$bin/rrn")
rtn=$(median <"$bin/rtn")
printf 'go run .                                   %6.3f s\n' "$gr"
printf 'redefine run .                             %6.3f s  (+%.3f s)\n' "$rr" "$(echo "$rr - $gr" | bc -l)"
printf 'redefine run . (analysis not cached)       %6.3f s  (+%.3f s)\n' "$rrn" "$(echo "$rrn - $gr" | bc -l)"
printf 'go test -count=1 .                         %6.3f s\n' "$gt"
printf 'redefine test -count=1 .                   %6.3f s  (+%.3f s)\n' "$rt" "$(echo "$rt - $gt" | bc -l)"
printf 'redefine test -count=1 . (not cached)      %6.3f s  (+%.3f s)\n' "$rtn" "$(echo "$rtn - $gt" | bc -l)"
echo
echo "## breakdown (REDEFINE_DEBUG=timing), two runs each, with the analysis cache and without"
for c in on off; do
  for i in 1 2; do REDEFINE_CACHE=$c REDEFINE_DEBUG=timing "$R" run . 2>&1 >/dev/null | grep timing; done
  for i in 1 2; do REDEFINE_CACHE=$c REDEFINE_DEBUG=timing "$R" test -count=1 . 2>&1 >/dev/null | grep timing; done
done

echo
echo "## sirupsen/logrus v1.9.3 benchmarks, time.Now redefined transparently (CPU seconds, median of $RUNS)"
src=$(go mod download -json github.com/sirupsen/logrus@v1.9.3 | awk -F'"' '/"Dir"/ {print $4}')
lr=$bin/logrus
cp -r "$src" "$lr"
chmod -R u+w "$lr"
cat >"$lr/zz_redefine_now.go" <<'EOF'
//go:build redefine

package logrus

import "time"

//redefine:original time.Now
func benchRealNow() time.Time { return time.Time{} }

//redefine:func time.Now
func benchNow() time.Time { return benchRealNow() }
EOF
cd "$lr"
go test -c -o "$bin/lr.plain" .
"$R" test -c -o "$bin/lr.keep" .
"$R" test -inlining=off -c -o "$bin/lr.off" .
: >"$bin/lrp"
: >"$bin/lrk"
: >"$bin/lro"
bench() { /usr/bin/time -f '%U %S' "$1" -test.run '^$' -test.bench 'BenchmarkDummyLogger$|BenchmarkSmallTextFormatter|BenchmarkSmallJSONFormatter' -test.benchtime 300000x 2>&1 >/dev/null | tail -1 | awk '{print $1 + $2}'; }
for i in $(seq "$RUNS"); do
  bench "$bin/lr.plain" >>"$bin/lrp"
  bench "$bin/lr.keep" >>"$bin/lrk"
  bench "$bin/lr.off" >>"$bin/lro"
done
p=$(median <"$bin/lrp")
k=$(median <"$bin/lrk")
o=$(median <"$bin/lro")
printf 'go test                       %6.3f s\n' "$p"
printf 'redefine test                 %6.3f s  ratio %.2f\n' "$k" "$(echo "$k / $p" | bc -l)"
printf 'redefine test -inlining=off   %6.3f s  ratio %.2f\n' "$o" "$(echo "$o / $p" | bc -l)"
