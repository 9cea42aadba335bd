package redefine_test

import (
	"testing"

	"goredefine.dev/redefine"
)

// Benchmarks reported in BENCHMARKS.md (command there). Timings on their own
// say little on a noisy machine; compare each with its baseline from the
// same run.

//go:noinline
func benchTarget(x int) int { return x + 1 }

//go:noinline
func benchReplacement(x int) int { return x + 2 }

var sinkInt int

// Baseline for the call overhead: calling the replacement directly.
func BenchmarkCallReplacementDirectly(b *testing.B) {
	for i := 0; i < b.N; i++ {
		sinkInt = benchReplacement(i)
	}
}

// A call of a redefined function: entry branch, thunk, replacement.
func BenchmarkCallRedefined(b *testing.B) {
	if err := redefine.Func(benchTarget, benchReplacement); err != nil {
		b.Fatal(err)
	}
	defer redefine.Restore(benchTarget)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		sinkInt = benchTarget(i)
	}
}

// A call through Original: trampoline, then the rest of the original.
func BenchmarkCallOriginal(b *testing.B) {
	if err := redefine.Func(benchTarget, benchReplacement); err != nil {
		b.Fatal(err)
	}
	defer redefine.Restore(benchTarget)
	orig := redefine.Original(benchTarget)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		sinkInt = orig(i)
	}
}

// Baseline for Original: calling the function before any redefinition.
func BenchmarkCallUnpatched(b *testing.B) {
	for i := 0; i < b.N; i++ {
		sinkInt = benchTarget(i)
	}
}

// Redefining a function (after its first redefinition built its thunk and
// trampoline) and restoring it: each writes the entry branch.
func BenchmarkRedefine(b *testing.B) {
	if err := redefine.Func(benchTarget, benchReplacement); err != nil {
		b.Fatal(err)
	}
	_ = redefine.Restore(benchTarget)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_ = redefine.Func(benchTarget, benchReplacement)
		b.StopTimer()
		_ = redefine.Restore(benchTarget)
		b.StartTimer()
	}
}

func BenchmarkRestore(b *testing.B) {
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		_ = redefine.Func(benchTarget, benchReplacement)
		b.StartTimer()
		_ = redefine.Restore(benchTarget)
	}
}
