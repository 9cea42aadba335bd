// What a new user tries first: an interface method, a method call on a
// value, a function that is redefined already.
package main

import (
	"fmt"
	"io"
	"strings"
	"time"
)

func main() {
	io.Writer(io.Discard).Write(nil)
	var b strings.Builder
	b.WriteString("built")
	fmt.Println(time.Now().Format(time.Kitchen), b.String())
}
