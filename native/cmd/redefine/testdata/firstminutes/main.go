// What a new user tries first: a generic call, a method call on a value,
// a function that is redefined already.
package main

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

func main() {
	fmt.Println(slices.Max([]int{1, 2}))
	var b strings.Builder
	b.WriteString("built")
	fmt.Println(time.Now().Format(time.Kitchen), b.String())
}
