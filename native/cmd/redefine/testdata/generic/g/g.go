// Package g has generic code whose instantiations share one body per GC
// shape: Max[int] and Max[ID] share Max[go.shape.int].
package g

type ID int

type Ordered interface{ ~int | ~float64 | ~string }

func Max[T Ordered](a, b T) T {
	if a > b {
		return a
	}
	return b
}

// Larger calls Max[int] directly, from Max's own package.
func Larger(a, b int) int { return Max(a, b) }

type Box[T any] struct{ V T }

func (b *Box[T]) Get() T {
	if b == nil {
		var zero T
		return zero
	}
	return b.V
}

type Getter[T any] interface{ Get() T }
