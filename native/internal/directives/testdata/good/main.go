package main

import (
	"fmt"
	"time"

	"example.com/good/store"
)

func helper(n int) int { return n }

func main() {
	s := &store.Store{}
	fmt.Println(time.Now().Format(time.Kitchen), helper(1), s.Get("k"))
}
