package redefine_test

import (
	"testing"

	"goredefine.dev/redefine"
)

// Generic benchmarks (BENCHMARKS.md, "Generic instantiations"): a call of
// the redefined instantiation against a direct call of its replacement;
// a call of another instantiation of the same shape while one is
// redefined, against its plain call.

//go:noinline
func gbench[T ~int](a, b T) T { return a + b + 1 }

//go:noinline
func gbenchReplacement(a, b int) int { return a + b + 2 }

var sinkMyInt myInt

func BenchmarkGenericCallReplacementDirectly(b *testing.B) {
	for i := 0; i < b.N; i++ {
		sinkInt = gbenchReplacement(i, 1)
	}
}

// The thunk finds gbench[int]'s dictionary, drops it, and runs the
// replacement.
func BenchmarkGenericCallRedefined(b *testing.B) {
	if err := redefine.Func(gbench[int], gbenchReplacement); err != nil {
		b.Fatal(err)
	}
	defer redefine.Restore(gbench[int])
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		sinkInt = gbench(i, 1)
	}
}

func BenchmarkGenericCallSameShapePlain(b *testing.B) {
	for i := 0; i < b.N; i++ {
		sinkMyInt = gbench(myInt(i), 1)
	}
}

// gbench[myInt] shares gbench[int]'s code: its calls go through the thunk,
// which finds no redefinition for its dictionary and runs the original.
func BenchmarkGenericCallSameShapeWhileRedefined(b *testing.B) {
	if err := redefine.Func(gbench[int], gbenchReplacement); err != nil {
		b.Fatal(err)
	}
	defer redefine.Restore(gbench[int])
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		sinkMyInt = gbench(myInt(i), 1)
	}
}

// Original of an instantiation goes through reflect (generic.go says why).
func BenchmarkGenericCallOriginal(b *testing.B) {
	if err := redefine.Func(gbench[int], gbenchReplacement); err != nil {
		b.Fatal(err)
	}
	defer redefine.Restore(gbench[int])
	orig := redefine.Original(gbench[int])
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		sinkInt = orig(i, 1)
	}
}
