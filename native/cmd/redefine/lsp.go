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
	// vscode-languageclient may add these when it starts a server.
	fs.Bool("stdio", true, "talk LSP over stdin and stdout (the only transport)")
	fs.Int("clientProcessId", 0, "the editor's process id (accepted and ignored)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	var log io.Writer
	if *verbose {
		log = os.Stderr
	}
	return lsp.Serve(context.Background(), os.Stdin, os.Stdout, lsp.Options{Log: log})
}
