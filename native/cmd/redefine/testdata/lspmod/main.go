package main

import (
	"fmt"
	"strings"
	"time"
)

type Counter struct{ n int }

func (c *Counter) Add(delta int) int {
	c.n += delta
	return c.n
}

func helper(b *strings.Builder, s string) (int, error) { return b.WriteString(s) }

func main() {
	c := &Counter{}
	c.Add(2)
	var b strings.Builder
	helper(&b, "x")
	fmt.Println(time.Now().Format(time.Kitchen), c.n, b.String())
}
