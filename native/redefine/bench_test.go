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

// One Func and one Restore: both write the entry branch.
func BenchmarkRedefineRestorePair(b *testing.B) {
	if err := redefine.Func(benchTarget, benchReplacement); err != nil {
		b.Fatal(err)
	}
	_ = redefine.Restore(benchTarget)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_ = redefine.Func(benchTarget, benchReplacement)
		_ = redefine.Restore(benchTarget)
	}
}

// Original looked up on every call, as a replacement that wraps the
// target does.
func BenchmarkCallThroughOriginalLookup(b *testing.B) {
	if err := redefine.Func(benchTarget, benchReplacement); err != nil {
		b.Fatal(err)
	}
	defer redefine.Restore(benchTarget)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		sinkInt = redefine.Original(benchTarget)(i)
	}
}

// A call from inside a scope, when it is the only one that redefines the
// target, and when 8 scopes do (the caller's is the last one the thunk
// compares).
func BenchmarkCallScopedInside(b *testing.B)  { benchScopedInside(b, 1) }
func BenchmarkCallScopedInside8(b *testing.B) { benchScopedInside(b, 8) }

func benchScopedInside(b *testing.B, scopes int) {
	ends := otherScopes(b, scopes-1)
	defer ends()
	end, err := redefine.Scoped(benchTarget, benchReplacement)
	if err != nil {
		b.Fatal(err)
	}
	defer end()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		sinkInt = benchTarget(i)
	}
}

// A call from outside every scope, when 8 scopes redefine the target: the
// original runs, through the trampoline (a goroutine without labels does not
// look at the scopes).
func BenchmarkCallScopedOutside(b *testing.B) {
	ends := otherScopes(b, 8)
	defer ends()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		sinkInt = benchTarget(i)
	}
}

// A function never redefined, while others are, in and out of scopes.
func BenchmarkCallNeverRedefined(b *testing.B) {
	ends := otherScopes(b, 8)
	defer ends()
	if err := redefine.Func(benchTarget, benchReplacement); err != nil {
		b.Fatal(err)
	}
	defer redefine.Restore(benchTarget)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		sinkInt = benchReplacement(i)
	}
}

// otherScopes opens n scopes on other goroutines that redefine benchTarget
// and keeps them open until the returned function is called.
func otherScopes(b *testing.B, n int) func() {
	return scopesElsewhere(b, n, benchTarget, benchReplacement)
}

// scopesElsewhere opens n scopes on other goroutines that redefine target.
func scopesElsewhere[T any](b *testing.B, n int, target, replacement T) func() {
	release := make(chan struct{})
	ready := make(chan struct{})
	for i := 0; i < n; i++ {
		go func() {
			end, err := redefine.Scoped(target, replacement)
			if err != nil {
				b.Error(err)
			}
			ready <- struct{}{}
			<-release
			end()
			ready <- struct{}{}
		}()
	}
	for i := 0; i < n; i++ {
		<-ready
	}
	return func() {
		close(release)
		for i := 0; i < n; i++ {
			<-ready
		}
	}
}

//go:noinline
func benchFramed(x int) int { return benchReplacement(x) * 3 }

// A function with a frame (a stack check, then its frame set-up), called
// from outside the one scope that redefines it: the thunk runs its
// original, through the trampoline, which replays the prologue and jumps
// back into the function.
func BenchmarkCallScopedOutsideFramed(b *testing.B) {
	ends := scopesElsewhere(b, 1, benchFramed, benchReplacement)
	defer ends()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		sinkInt = benchFramed(i)
	}
}

// Baseline: the same function, never redefined.
func BenchmarkCallUnpatchedFramed(b *testing.B) {
	for i := 0; i < b.N; i++ {
		sinkInt = benchFramed(i)
	}
}
