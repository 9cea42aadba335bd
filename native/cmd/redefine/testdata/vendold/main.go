// A vendored module that declares go 1.16: built in a temporary workspace
// (go 1.22) whose godebug lines keep this module's GODEBUG defaults.
package main

import (
	"fmt"

	"example.com/dep"
)

func main() {
	r := func() (r interface{}) {
		defer func() { r = recover() }()
		panic(nil)
	}()
	fmt.Println(dep.Name(), "panicnil:", r == nil)
}
