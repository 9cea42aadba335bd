// Each line shows one instantiation, called one way: only Max[int] and
// (*Box[string]).Get are redefined (redefine_max.go).
package main

import (
	"fmt"

	"example.com/generic/g"
)

type local int

func main() {
	f := g.Max[int]
	fmt.Println("direct:", g.Max(3, 4))
	fmt.Println("from its package:", g.Larger(3, 4))
	fmt.Println("func value:", f(3, 4))
	fmt.Println("same shape:", g.Max[g.ID](3, 4), g.Max(local(3), 4))
	fmt.Println("other shape:", g.Max(1.5, 2.5))
	b := &g.Box[string]{V: "x"}
	var i g.Getter[string] = b
	m := b.Get
	fmt.Println("method:", b.Get(), i.Get(), m())
	fmt.Println("other box:", (&g.Box[int]{V: 7}).Get())
}
