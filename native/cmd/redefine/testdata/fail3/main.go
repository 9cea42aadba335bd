package main

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
)

// main exits with the status given as its argument, to check that
// `redefine run` passes the program's own status through.
func main() {
	fmt.Println("ran", runtime.NumCPU())
	if len(os.Args) > 1 {
		code, _ := strconv.Atoi(os.Args[1])
		os.Exit(code)
	}
}
