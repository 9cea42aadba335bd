// Command gen writes the engine sources into the txtar archive that the
// redefine command embeds: go run ./gen SRC_DIR OUT_FILE.
package main

import (
	"fmt"
	"os"

	"goredefine.dev/internal/engine"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: go run ./gen ENGINE_DIR OUT.txtar")
		os.Exit(2)
	}
	data, err := engine.Archive(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := os.WriteFile(os.Args[2], data, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
