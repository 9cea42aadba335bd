package redefine_test

import (
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"

	"goredefine.dev/redefine"
)

// Generic instantiations: only the one redefined changes, whichever way it
// is called; the instantiations that share its code run their own.

// gmaxPaths calls gmax[int] every way there is, and returns what each saw.
func gmaxPaths(a, b int) map[string]int {
	f := gmax[int]
	return map[string]int{
		"direct call":                 gmax(a, b),
		"direct call from a function": gmaxInt(a, b),
		"func value":                  f(a, b),
		"from generic code":           gtwice(a, b),
	}
}

func checkPaths(t *testing.T, got map[string]int, want func(path string) int) {
	t.Helper()
	for path, v := range got {
		if w := want(path); v != w {
			t.Errorf("%s: got %d, want %d", path, v, w)
		}
	}
}

// checkOthers checks the instantiations of gmax that nothing redefines.
func checkOthers(t *testing.T) {
	t.Helper()
	if got := gmax[myInt](3, 4); got != 4 {
		t.Errorf("gmax[myInt](3, 4) = %d, want 4 (same shape as gmax[int], not redefined)", got)
	}
	if got := gtwice[myInt](3, 4); got != 4 {
		t.Errorf("gtwice[myInt](3, 4) = %d, want 4", got)
	}
	if got := gmax(1.5, 2.5); got != 2.5 {
		t.Errorf("gmax(1.5, 2.5) = %v, want 2.5", got)
	}
	if got := gmax("a", "b"); got != "b" {
		t.Errorf(`gmax("a", "b") = %q, want "b"`, got)
	}
}

func TestGenericOneInstantiation(t *testing.T) {
	checkPaths(t, gmaxPaths(3, 4), func(string) int { return 4 })
	must(t, redefine.Func(gmax[int], func(a, b int) int { return a*100 + b }))
	checkPaths(t, gmaxPaths(3, 4), func(path string) int {
		if path == "from generic code" {
			return 30404 // gmax(gmax(3, 4), 4)
		}
		return 304
	})
	checkOthers(t)
	must(t, redefine.Restore(gmax[int]))
	checkPaths(t, gmaxPaths(3, 4), func(string) int { return 4 })
	checkOthers(t)
}

func TestGenericNextToSameShape(t *testing.T) {
	must(t, redefine.Func(gmax[int], func(a, b int) int { return -1 }))
	must(t, redefine.Func(gmax[myInt], func(a, b myInt) myInt { return -2 }))
	type thirdInt int
	for i := 0; i < 3; i++ { // the thunk compares both dictionaries, in either order
		if a, b, c := gmax(1, 2), gmax[myInt](1, 2), gmax[thirdInt](1, 2); a != -1 || b != -2 || c != 2 {
			t.Errorf("gmax[int], gmax[myInt], gmax[thirdInt] = %d, %d, %d; want -1, -2, 2", a, b, c)
		}
	}
	must(t, redefine.Restore(gmax[int]))
	if a, b := gmax(1, 2), gmax[myInt](1, 2); a != 2 || b != -2 {
		t.Errorf("after restoring gmax[int]: %d, %d; want 2, -2", a, b)
	}
	must(t, redefine.Restore(gmax[myInt]))
	if a, b := gmax(1, 2), gmax[myInt](1, 2); a != 2 || b != 2 {
		t.Errorf("after restoring both: %d, %d; want 2, 2", a, b)
	}
	if err := redefine.Restore(gmax[myInt]); !errors.Is(err, redefine.ErrNotRedefined) {
		t.Errorf("restoring gmax[myInt] twice: %v, want ErrNotRedefined", err)
	}
}

type intSlice []int

// TestGenericFromAnotherPackage redefines an instantiation of the standard
// library's slices.Insert, which this package calls directly: a call from
// another package, with a variadic parameter.
func TestGenericFromAnotherPackage(t *testing.T) {
	must(t, redefine.Func(slices.Insert[[]int, int], func(s []int, i int, v ...int) []int {
		return append(redefine.Original(slices.Insert[[]int, int])(s, i, v...), -1)
	}))
	restore(t, slices.Insert[[]int, int])
	if got := slices.Insert([]int{1, 2}, 1, 9); !slices.Equal(got, []int{1, 9, 2, -1}) {
		t.Errorf("slices.Insert[[]int] = %v, want [1 9 2 -1]", got)
	}
	if got := slices.Insert(intSlice{1, 2}, 1, 9); !slices.Equal(got, intSlice{1, 9, 2}) {
		t.Errorf("slices.Insert[intSlice] = %v, want [1 9 2] (same shape, not redefined)", got)
	}
	if got := slices.Insert([]string{"a"}, 0, "b"); !slices.Equal(got, []string{"b", "a"}) {
		t.Errorf("slices.Insert[[]string] = %v", got)
	}
}

func TestGenericMethods(t *testing.T) {
	b := &box[string]{v: "x", tag: 1}
	other := &box[myString]{v: "y"}
	paths := func() map[string]string {
		m := b.get
		var g ggetter[string] = b
		return map[string]string{
			"direct call":       b.get(),
			"method value":      m(),
			"interface":         g.get(),
			"method expression": (*box[string]).get(b),
		}
	}
	must(t, redefine.Func((*box[string]).get, func(b *box[string]) string { return "<" + b.v + ">" }))
	for path, got := range paths() {
		if got != "<x>" {
			t.Errorf("%s: got %q, want <x>", path, got)
		}
	}
	var g ggetter[myString] = other
	if got := g.get(); got != "y" {
		t.Errorf("box[myString].get through an interface = %q, want y (same shape, not redefined)", got)
	}
	must(t, redefine.Restore((*box[string]).get))
	for path, got := range paths() {
		if got != "x" {
			t.Errorf("restored, %s: got %q, want x", path, got)
		}
	}
}

// TestGenericValueReceiver: box[string] takes three integer registers, so
// the dictionary comes fourth, and the arguments after it move.
func TestGenericValueReceiver(t *testing.T) {
	must(t, redefine.Func(box[string].val, func(b box[string], add int) (string, int) {
		s, n := redefine.Original(box[string].val)(b, add)
		return s + "!", n * 10
	}))
	restore(t, box[string].val)
	if s, n := (box[string]{v: "x", tag: 2}).val(3); s != "x!" || n != 50 {
		t.Errorf("box[string].val = %q, %d; want x!, 50", s, n)
	}
	if s, n := (box[myString]{v: "y", tag: 2}).val(3); s != "y" || n != 5 {
		t.Errorf("box[myString].val = %q, %d; want y, 5", s, n)
	}
	p := &box[string]{v: "p", tag: 1}
	if s, n := p.val(1); s != "p!" || n != 20 {
		t.Errorf("through a pointer: %q, %d; want p!, 20", s, n)
	}
}

func TestGenericManyArguments(t *testing.T) {
	call := func() (int, float64) { return gmany(1, 2, 3, 4, 5, 6, 7, 8, 0.5, 0.25, [3]int{9, 10, 11}) }
	wantN := 1 + 4 + 9 + 16 + 25 + 36 + 49 + 64 + 9 + 100 + 1100
	if n, f := call(); n != wantN || f != 0.25 {
		t.Fatalf("original: %d, %v", n, f)
	}
	must(t, redefine.Func(gmany[int], func(a, b, c, d, e, f, g, h int, x, y float64, arr [3]int) (int, float64) {
		n, fl := redefine.Original(gmany[int])(a, b, c, d, e, f, g, h, x, y, arr)
		return n + 1000*h + 10000*arr[2], fl + x + y
	}))
	restore(t, gmany[int])
	if n, f := call(); n != wantN+8000+110000 || f != 1 {
		t.Errorf("redefined: %d, %v; want %d, 1", n, f, wantN+8000+110000)
	}
	if n, _ := gmany[myInt](1, 2, 3, 4, 5, 6, 7, 8, 0.5, 0.25, [3]myInt{9, 10, 11}); int(n) != wantN {
		t.Errorf("gmany[myInt] = %d, want %d (same shape, not redefined)", n, wantN)
	}
}

func TestGenericOriginalGrowsTheStack(t *testing.T) {
	must(t, redefine.Func(gbig[int], func(x int) int { return redefine.Original(gbig[int])(x) + 1 }))
	restore(t, gbig[int])
	want := 16<<10 + 7
	var wg sync.WaitGroup
	results := make([]int, 3)
	for i, f := range []func() int{
		func() int { return gbig(7) },
		func() int { return redefine.Original(gbig[int])(7) + 1 },
		func() int { return int(gbig[myInt](7)) + 1 },
	} {
		wg.Add(1)
		go func(i int, f func() int) { defer wg.Done(); results[i] = f() }(i, f)
	}
	wg.Wait()
	for i, got := range results {
		if got != want+1 {
			t.Errorf("call %d on a new goroutine: %d, want %d", i, got, want+1)
		}
	}
}

func TestGenericRecursion(t *testing.T) {
	must(t, redefine.Func(gdepth[myInt], func(n myInt) myInt { return redefine.Original(gdepth[myInt])(n) + 1000 }))
	restore(t, gdepth[myInt])
	if got := gdepth[myInt](3); got != 4003 {
		t.Errorf("gdepth[myInt](3) = %d, want 4003 (every level redefined)", got)
	}
	if got := gdepth(3); got != 3 {
		t.Errorf("gdepth[int](3) = %d, want 3", got)
	}
}

func TestGenericScopes(t *testing.T) {
	ready, done := make(chan struct{}), make(chan int)
	go func() { // started before the scope: it keeps the original
		<-ready
		done <- gmax(3, 4)
	}()
	t.Run("test", func(t *testing.T) {
		redefine.ForTest(t, gmax[int], func(a, b int) int { return a + b + 1000 })
		if got := gmax(3, 4); got != 1007 {
			t.Errorf("in the test: %d, want 1007", got)
		}
		inner := make(chan int)
		go func() { inner <- gmaxInt(3, 4) }()
		if got := <-inner; got != 1007 {
			t.Errorf("on a goroutine the test started: %d, want 1007", got)
		}
		close(ready)
		if got := <-done; got != 4 {
			t.Errorf("on a goroutine started before the test: %d, want 4", got)
		}
		if got := gmax[myInt](3, 4); got != 4 {
			t.Errorf("gmax[myInt] in the test: %d, want 4", got)
		}
	})
	if got := gmax(3, 4); got != 4 {
		t.Errorf("after the test: %d, want 4", got)
	}
	end, err := redefine.Scoped(gmax[myInt], func(a, b myInt) myInt { return 7 })
	must(t, err)
	if got := gmax[myInt](3, 4); got != 7 {
		t.Errorf("scoped gmax[myInt] = %d, want 7", got)
	}
	end()
	if got := gmax[myInt](3, 4); got != 4 {
		t.Errorf("after the scope: %d, want 4", got)
	}
}

func TestGenericByName(t *testing.T) {
	keep(gmax[myInt]) // the program must link the instantiation's wrapper
	must(t, redefine.ByName("goredefine.dev/redefine_test.gmax[goredefine.dev/redefine_test.myInt]", func(a, b myInt) myInt { return a * b }))
	if got := gmax[myInt](3, 4); got != 12 {
		t.Errorf("gmax[myInt] by name: %d, want 12", got)
	}
	if got := gmax(3, 4); got != 4 {
		t.Errorf("gmax[int]: %d, want 4", got)
	}
	must(t, redefine.Restore(gmax[myInt]))

	keep((*box[string]).get)
	end, err := redefine.ScopedByName("goredefine.dev/redefine_test.(*box[string]).get", func(b *box[string]) string { return "named" })
	must(t, err)
	if got := (&box[string]{v: "x"}).get(); got != "named" {
		t.Errorf("(*box[string]).get by name: %q", got)
	}
	end()

	// Spelled as in Go source: a space after the comma.
	keep(slices.Insert[[]int, int])
	must(t, redefine.ByName("slices.Insert[[]int, int]", func(s []int, i int, v ...int) []int { return nil }))
	if got := slices.Insert([]int{1}, 0, 2); got != nil {
		t.Errorf("slices.Insert[[]int, int] by name: %v, want nil", got)
	}
	must(t, redefine.Restore(slices.Insert[[]int, int]))
}

func TestGenericMisuse(t *testing.T) {
	cases := []struct {
		name string
		err  func() error
		is   error
		says string
	}{
		{"an empty dictionary", func() error { return redefine.Func(gseven[int], func() int { return 8 }) },
			redefine.ErrUnpatchable, "dictionary is empty"},
		{"the dictionary pushes an argument onto the stack", func() error {
			return redefine.Func(gstack[int], func(a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p int) int { return 0 })
		}, redefine.ErrUnpatchable, "onto the stack"},
		{"the wrapper for calls through a pointer", func() error {
			return redefine.Func((*box[string]).val, func(b *box[string], add int) (string, int) { return "", 0 })
		}, redefine.ErrUnpatchable, "box[string].val"},
		{"a shape body by name", func() error {
			return redefine.ByName("goredefine.dev/redefine_test.gmax[go.shape.int]", func(a, b int) int { return 0 })
		}, redefine.ErrUnpatchable, "name one instantiation"},
		{"an instantiation the program never names as a value", func() error {
			return redefine.ByName("goredefine.dev/redefine_test.gmax[float64]", func(a, b float64) float64 { return 0 })
		}, redefine.ErrNotFound, "func value"},
		{"a replacement of another size", func() error {
			keep(gmax[string])
			return redefine.ByName("goredefine.dev/redefine_test.gmax[string]", func(a, b int) int { return 0 })
		}, redefine.ErrTypeMismatch, ""},
	}
	for _, c := range cases {
		err := c.err()
		if !errors.Is(err, c.is) || !strings.Contains(err.Error(), c.says) {
			t.Errorf("%s: %v; want an error wrapping %v that says %q", c.name, err, c.is, c.says)
		}
	}
	if got := gseven[int](); got != 7 {
		t.Errorf("gseven changed: %d", got)
	}
}
