// Command kitchen is the seed example: it freezes time.Now at 5 PM with the
// engine's API and prints the time.
package main

import (
	"fmt"
	"os"
	"time"

	"goredefine.dev/redefine"
)

func fixedNow() time.Time {
	return time.Date(2026, 1, 30, 17, 0, 0, 0, time.FixedZone("Somewhere", 0))
}

func main() {
	if err := redefine.Func(time.Now, fixedNow); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println(time.Now().Format(time.Kitchen))
}
