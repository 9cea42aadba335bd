package redefine_test

// Generic targets for generic_test.go. //go:noinline keeps the shape
// bodies real calls everywhere.

type myInt int

type myString string

type ordered interface {
	~int | ~float64 | ~string
}

// gmax is the Max: gmax[int] and gmax[myInt] share one shape body,
// gmax[float64] and gmax[string] have their own.
//
//go:noinline
func gmax[T ordered](a, b T) T {
	if a > b {
		return a
	}
	return b
}

// gmaxInt calls gmax[int] directly, as code in the generic's own package
// does.
//
//go:noinline
func gmaxInt(a, b int) int { return gmax(a, b) }

// gtwice calls gmax from generic code, with a dictionary it takes from its
// own (a subdictionary).
//
//go:noinline
func gtwice[T ordered](a, b T) T { return gmax(gmax(a, b), b) }

type box[T any] struct {
	v   T
	tag int
}

//go:noinline
func (b *box[T]) get() T {
	if b == nil {
		var zero T
		return zero
	}
	return b.v
}

// val has a value receiver of three words (box[string]): the dictionary
// follows it, in the fourth integer argument register.
//
//go:noinline
func (b box[T]) val(add int) (T, int) { return b.v, b.tag + add }

type ggetter[T any] interface{ get() T }

// gmany takes every integer argument register on amd64 with its
// dictionary, floating-point registers, and an array that always goes on
// the stack.
//
//go:noinline
func gmany[T ~int](a, b, c, d, e, f, g, h T, x, y float64, arr [3]T) (T, float64) {
	return a + 2*b + 3*c + 4*d + 5*e + 6*f + 7*g + 8*h + arr[0] + 10*arr[1] + 100*arr[2], x - y
}

// gstack takes as many integer words as arm64 passes in registers (amd64
// passes nine): with the dictionary, one argument goes on the stack, where
// a replacement would find it in a register.
//
//go:noinline
func gstack[T ~int](a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p T) T {
	return a + b + c + d + e + f + g + h + i + j + k + l + m + n + o + p
}

// gseven's dictionary is empty: every instantiation gets the same one.
//
//go:noinline
func gseven[T any]() int { return 7 }

// gbig needs more stack than a new goroutine has: calls of it, and of its
// original, grow the stack.
//
//go:noinline
func gbig[T ~int](x T) T {
	var buf [16 << 10]byte
	for i := range buf {
		buf[i] = byte(x)
	}
	return T(sink(buf[:]) + len(buf))
}

// gdepth recurses: its calls of itself reach the patched entry too.
//
//go:noinline
func gdepth[T ~int](n T) T {
	if n == 0 {
		return 0
	}
	return gdepth(n-1) + 1
}

// kept holds func values of instantiations that tests name with ByName:
// the linker keeps an instantiation's wrapper only when the program uses
// it as a value.
var kept []any

func keep(f any) { kept = append(kept, f) }
