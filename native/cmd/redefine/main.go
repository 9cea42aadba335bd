// Command redefine builds, runs and tests Go programs with functions
// redefined, writes replacement stubs, serves the editor's language server
// and checks the machine (doctor). See docs/command.md.
package main

import (
	"context"
	"fmt"
	"os"

	"goredefine.dev/internal/inject"
)

const usage = `usage: redefine <command> [arguments]

commands:
  build [go build flags] [packages]            go build with redefinitions injected
  run   [go build flags] package [-- args]     go run with redefinitions injected
  test  [go test flags] [packages] [flags]     go test with redefinitions injected
  stub  [-w] [-test] FILE:LINE:COL             print (or write) a replacement stub
  lsp                                          language server over stdio
  list  [-json] [packages]                     list redefinitions and check them (builds nothing)
  doctor [-json] [-probe=false]                check Go version, platform, engine strategy

build, run and test also take -redefine target=replacement (repeatable).
`

func main() {
	os.Exit(run(os.Args[1:]))
}

func run(args []string) int {
	if len(args) == 0 {
		fmt.Fprint(os.Stderr, usage)
		return 2
	}
	switch args[0] {
	case "build", "run", "test":
		code, err := inject.Run(context.Background(), inject.Options{Verb: args[0], Args: args[1:], Stdin: os.Stdin})
		if err != nil {
			fmt.Fprintf(os.Stderr, "redefine %s: %v\n", args[0], err)
			return 1
		}
		return code
	case inject.ToolexecVerb:
		// Not for people: the go command runs its tools through this
		// during coverage builds (internal/inject/toolexec.go).
		return inject.Toolexec(args[1:], os.Stdin, os.Stdout, os.Stderr)
	case "stub":
		return stubMain(args[1:])
	case "lsp":
		return lspMain(args[1:])
	case "list":
		return listMain(args[1:])
	case "doctor":
		return doctorMain(args[1:])
	case "help", "-h", "-help", "--help":
		fmt.Print(usage)
		return 0
	default:
		fmt.Fprintf(os.Stderr, "redefine: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
}
