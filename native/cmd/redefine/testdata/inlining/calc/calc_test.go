package calc_test

import (
	"testing"

	"example.com/inlining/calc"
	"goredefine.dev/redefine"
)

// The engine's calls with targets known when building: a function value and
// a method expression (and a name, below).
func TestKnownTargets(t *testing.T) {
	redefine.ForTest(t, calc.Add, func(a, b int) int { return a * b })
	if got := calc.Sum(4); got != 0 {
		t.Errorf("Sum(4) = %d with Add multiplying, want 0 (Add was inlined into Sum)", got)
	}
	redefine.ForTest(t, (*calc.Acc).Inc, func(a *calc.Acc) {})
	if got := calc.Three(); got != 0 {
		t.Errorf("Three() = %d with Inc doing nothing, want 0 (Inc was inlined into Three)", got)
	}
}

func TestKnownName(t *testing.T) {
	if err := redefine.ByName("example.com/inlining/calc.double", func(x int) int { return 3 * x }); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { redefine.RestoreAll() })
	if got := calc.Double(2); got != 6 {
		t.Errorf("Double(2) = %d with double tripling, want 6 (double was inlined into Double)", got)
	}
}
