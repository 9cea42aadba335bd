package main

import (
	"fmt"

	"example.com/generic/g"
)

type local int

func main() {
	fmt.Println(g.Max(1, 2), g.Max(local(1), 2), (&g.Box[string]{}).Get())
}
