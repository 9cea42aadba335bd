package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"goredefine.dev/internal/stub"
)

func stubMain(args []string) int {
	fs := flag.NewFlagSet("redefine stub", flag.ContinueOnError)
	write := fs.Bool("w", false, "write the stub into the package's redefinition file instead of printing it")
	test := fs.Bool("test", false, "use the _test.go redefinition file (redefine_<pkg>_test.go)")
	fs.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: redefine stub [-w] [-test] FILE:LINE:COL")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return 2
	}
	file, line, col, err := parsePosition(fs.Arg(0))
	if err != nil {
		fmt.Fprintf(os.Stderr, "redefine stub: %v\n", err)
		return 2
	}
	s, err := stub.Run(stub.Request{File: file, Line: line, Col: col, Test: *test})
	if err != nil {
		fmt.Fprintf(os.Stderr, "redefine stub: %v\n", err)
		return 1
	}
	if !*write {
		// What to paste: the imports the file lacks, then the stub.
		switch len(s.Imports) {
		case 0:
		case 1:
			fmt.Printf("import %s\n\n", s.Imports[0])
		default:
			fmt.Printf("import (\n\t%s\n)\n\n", strings.Join(s.Imports, "\n\t"))
		}
		fmt.Print(s.Decl)
		return 0
	}
	if err := os.WriteFile(s.File, s.Content, 0o644); err != nil {
		fmt.Fprintf(os.Stderr, "redefine stub: %v\n", err)
		return 1
	}
	verb := "added to"
	if s.Created {
		verb = "created"
	}
	fmt.Fprintf(os.Stderr, "%s:%d: %s %s redefining %s\n", relative(s.File), s.Line, verb, s.FuncName, s.Target)
	return 0
}

// parsePosition splits FILE:LINE:COL (the file name may hold colons).
func parsePosition(s string) (string, int, int, error) {
	bad := fmt.Errorf("position %q: want FILE:LINE:COL, e.g. main.go:12:5", s)
	i := strings.LastIndexByte(s, ':')
	if i < 0 {
		return "", 0, 0, bad
	}
	j := strings.LastIndexByte(s[:i], ':')
	if j < 0 {
		return "", 0, 0, bad
	}
	line, err1 := strconv.Atoi(s[j+1 : i])
	col, err2 := strconv.Atoi(s[i+1:])
	if err1 != nil || err2 != nil || line < 1 || col < 1 {
		return "", 0, 0, bad
	}
	file, err := filepath.Abs(s[:j])
	if err != nil {
		return "", 0, 0, err
	}
	if _, err := os.Stat(file); err != nil {
		return "", 0, 0, fmt.Errorf("%s: %w", s[:j], err)
	}
	return file, line, col, nil
}

func relative(p string) string {
	wd, _ := os.Getwd()
	if rel, err := filepath.Rel(wd, p); err == nil && !strings.HasPrefix(rel, "..") {
		return rel
	}
	return p
}
