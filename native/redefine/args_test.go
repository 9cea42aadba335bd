package redefine_test

import (
	"testing"

	"goredefine.dev/redefine"
)

// manyArgs takes every integer and many floating-point argument registers
// of both architectures' internal ABI, and returns in several: the thunk,
// the dispatcher and (in race builds) its gate must keep every one.
//
//go:noinline
func manyArgs(a, b, c, d, e, f, g, h, i, j int, x, y, z, w, u, v float64, s string) (int, float64, string) {
	return a + b + c + d + e + f + g + h + i + j, x + y + z + w + u + v, s
}

func manyArgsWeighted(a, b, c, d, e, f, g, h, i, j int, x, y, z, w, u, v float64, s string) (int, float64, string) {
	n, fl, _ := redefine.Original(manyArgs)(a, b, c, d, e, f, g, h, i, j, x, y, z, w, u, v, s)
	return n + a*1 + b*2 + c*3 + d*4 + e*5 + f*6 + g*7 + h*8 + i*9 + j*10,
		fl + x*1 + y*2 + z*3 + w*4 + u*5 + v*6, "<" + s + ">"
}

func TestEveryArgumentRegisterPassesThrough(t *testing.T) {
	call := func() (int, float64, string) {
		return manyArgs(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 0.5, 1.5, 2.5, 3.5, 4.5, 5.5, "s")
	}
	check := func(where string, wantN int, wantF float64, wantS string) {
		t.Helper()
		n, f, s := call()
		if n != wantN || f != wantF || s != wantS {
			t.Errorf("%s: got %d, %v, %q; want %d, %v, %q", where, n, f, s, wantN, wantF, wantS)
		}
	}
	check("original", 55, 18, "s")
	must(t, redefine.Func(manyArgs, manyArgsWeighted))
	restore(t, manyArgs)
	check("global", 55+385, 18+1*0.5+2*1.5+3*2.5+4*3.5+5*4.5+6*5.5, "<s>")
	end, err := redefine.Scoped(manyArgs, func(a, b, c, d, e, f, g, h, i, j int, x, y, z, w, u, v float64, s string) (int, float64, string) {
		return a * j, x * v, s + s
	})
	must(t, err)
	defer end()
	check("scoped", 10, 0.5*5.5, "ss")
}
