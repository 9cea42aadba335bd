// The example program: it prints the time of day the way a kitchen clock shows it.
// Redefine time.Now (right-click it, Redefine Function) and it prints 5:00PM.
package main

import (
	"fmt"
	"time"
)

func main() {
	fmt.Println(kitchen())
}

// kitchen is the time of day in the Kitchen layout, e.g. 3:04PM.
func kitchen() string {
	return time.Now().Format(time.Kitchen)
}
