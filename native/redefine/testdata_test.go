package redefine_test

import (
	"runtime"
	"strings"
	"time"
)

// Targets for the scenario tests. //go:noinline keeps each one a real call
// everywhere, except where a test wants inlining.

var multiplier = 3

//go:noinline
func scale(x int) int { return x * multiplier }

//go:noinline
func greet(name string) string { return "hello " + strings.ToUpper(name) }

//go:noinline
func answer() int { return 1 }

// bigFrame needs more stack than a new goroutine has, so calling it (or its
// Original) from a fresh goroutine goes through the stack-growth path.
//
//go:noinline
func bigFrame(x int) int {
	var buf [16 << 10]byte
	for i := range buf {
		buf[i] = byte(x)
	}
	return sink(buf[:]) + len(buf)
}

//go:noinline
func sink(b []byte) int { return int(b[len(b)-1]) }

//go:noinline
func depth(n int) int {
	if n == 0 {
		return 0
	}
	return depth(n-1) + 1
}

type counter struct{ n int }

//go:noinline
func (c *counter) Get() int { return c.n }

//go:noinline
func (c counter) Value() int { return c.n }

type getter interface{ Get() int }

// getterRT is used only in a dynamic type assertion, so the runtime, not the
// linker, builds its itab.
type getterRT interface{ Get() int }

// valuer keeps the compiler-generated (*counter).Value wrapper linked.
var valuer interface{ Value() int } = &counter{}

// staticGetter holds an itab the linker built.
var staticGetter getter = &counter{n: 1}

// funcVar is a func value in a package-level variable.
var funcVar = answer

func fixedNow() time.Time { return time.Date(2026, 1, 30, 17, 0, 0, 0, time.UTC) }

// small is inlined into callInlined (tests build without -gcflags=-l). It
// reads a variable so that the inlined body keeps instructions of its own:
// a body the compiler folds away entirely leaves no record in the binary.
func small(x int) int { return x + multiplier }

//go:noinline
func callInlined(x int) int { return small(x) * 2 }

func generic[T any](x T) T { return x }

// fibT is deep enough to grow a fresh goroutine's 2 KiB stack, and leaves
// DX alone (amd64), so a stale marker in DX would survive its calls.
//
//go:noinline
func fibT(n int) int {
	if n < 2 {
		return n
	}
	return fibT(n-1) + fibT(n-2)
}

// fibCalls is how many calls fibT(n) makes in all, itself included.
func fibCalls(n int) int {
	if n < 2 {
		return 1
	}
	return 1 + fibCalls(n-1) + fibCalls(n-2)
}

// dispatch compiles to a jump table (8 cases or more), whose entries are
// code addresses in read-only data.
//
//go:noinline
func dispatch(x int) int {
	switch x {
	case 0:
		return 10
	case 1:
		return 11
	case 2:
		return 12
	case 3:
		return answer() + 30
	case 4:
		return 14
	case 5:
		return 15
	case 6:
		return 16
	case 7:
		return 17
	case 8:
		return 18
	case 9:
		return 19
	}
	return -1
}

// initPC is where this package's init ran: with the duplicate strategy,
// package initialisers after the engine's must run the copy.
var initPC = func() uintptr {
	pcs := make([]uintptr, 1)
	runtime.Callers(1, pcs)
	return pcs[0]
}()
