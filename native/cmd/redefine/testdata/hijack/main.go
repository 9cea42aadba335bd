// A program that redefines the functions the engine's own work could use:
// os.Getenv (its settings), os.OpenFile (its report), fmt.Fprintf (its
// messages), time.Now.
package main

import (
	"fmt"
	"os"
	"time"
)

func main() {
	_, err := os.OpenFile("anything", os.O_RDONLY, 0)
	fmt.Println(os.Getenv("HOME") == "", err, time.Now().Year())
	fmt.Fprintf(os.Stdout, "swallowed\n")
}
