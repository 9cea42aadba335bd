// Package calc has small functions the compiler inlines into their callers:
// the redefine command must keep exactly the redefined ones out of
// inlining, without turning inlining off everywhere.
package calc

// Add is small enough to inline.
func Add(a, b int) int { return a + b }

// Sum adds 0..n-1 with Add.
func Sum(n int) int {
	s := 0
	for i := 0; i < n; i++ {
		s = Add(s, i)
	}
	return s
}

// Acc accumulates.
type Acc struct{ n int }

// Inc is small enough to inline.
func (a *Acc) Inc() { a.n++ }

// Three increments three times.
func Three() int {
	var a Acc
	a.Inc()
	a.Inc()
	a.Inc()
	return a.n
}

func double(x int) int { return 2 * x }

// Double doubles through an unexported function.
func Double(x int) int { return double(x) }
