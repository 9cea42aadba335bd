package g

type ID int

type myInt int

func Max[T ~int | ~float64 | ~string](a, b T) T {
	if a > b {
		return a
	}
	return b
}

type Box[T any] struct{ v T }

func (b *Box[T]) Get() T { return b.v }

func (b Box[T]) Val(n int) T { return b.v }

func Pair[A, B any](a A, b B) (B, A) { return b, a }

func many[T ~int](a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p T) T { return a }

func Plain() int { return 1 }

// Uses keeps the unexported names used.
var Uses = []any{many[int], myInt(0)}
