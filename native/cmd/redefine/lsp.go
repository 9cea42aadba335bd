package main

import (
	"context"
	"flag"
	"io"
	"os"

	"goredefine.dev/internal/lsp"
)

func lspMain(args []string) int {
	fs := flag.NewFlagSet("redefine lsp", flag.ContinueOnError)
	verbose := fs.Bool("v", false, "log to stderr")
	fs.Bool("stdio", true, "talk LSP over stdin and stdout (the only transport)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	var log io.Writer
	if *verbose {
		log = os.Stderr
	}
	return lsp.Serve(context.Background(), os.Stdin, os.Stdout, lsp.Options{Log: log})
}
