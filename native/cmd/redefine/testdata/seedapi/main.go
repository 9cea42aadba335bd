// The seed's example as it is, calling the engine's API; go.mod does not
// require the engine: `redefine run` makes it resolvable.
package main

import (
	"fmt"
	"os"
	"time"

	"goredefine.dev/redefine"
)

func myTimeNow() time.Time {
	return time.Date(2026, 1, 30, 17, 0, 0, 0, time.FixedZone("Somewhere", 0))
}

func main() {
	err := redefine.Func(time.Now, myTimeNow)
	if err != nil {
		fmt.Fprintf(os.Stderr, "redefine.Func failed: %v\n", err)
		os.Exit(1)
	}
	fmt.Println(time.Now().Format(time.Kitchen))
}
