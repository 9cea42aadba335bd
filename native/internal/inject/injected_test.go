package inject

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"goredefine.dev/internal/directives"
	"goredefine.dev/internal/engine"
	"goredefine.dev/internal/symbol"
)

// TestInjectedCodeCallsNothingRedefinable: the files the command adds to a
// build must never run a function a user may redefine for their own work
// (a program may redefine os.Getenv, fmt.Sprintf, time.Now…; issue 16). So
// they import nothing but the engine and call nothing but the engine's
// start-up entry point: a function value stored in a slice, a composite
// literal, a blank import — no call that could land in a replacement.
func TestInjectedCodeCallsNothingRedefinable(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "redefine_env.go")
	os.WriteFile(file, []byte("//go:build redefine\n\npackage main\n"), 0o644)
	redef := func(target string, original bool) *directives.Redefinition {
		names, err := symbol.Parse(target)
		if err != nil {
			t.Fatal(err)
		}
		return &directives.Redefinition{
			Target: names[0], Replacement: symbol.Name{Pkg: "example.com/m", Func: "fake" + names[0].Func},
			ReplacementIsMain: true, PkgName: "main", Dir: dir, File: file, Original: original,
			Pos: token.Position{Filename: file, Line: 7, Column: 1}, TargetAs: target,
		}
	}
	redefs := []*directives.Redefinition{
		redef("os.Getenv", false), redef("os.OpenFile", false), redef("fmt.Fprintf", false),
		redef("time.Now", false), redef("fmt.Sprintf", true),
	}
	files := overlay{filepath.Join(dir, "zz_startup_generated.go"): startupFile(redefs, false)}
	keep, err := keepFiles(redefs)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range keep {
		files[k] = v
	}
	for k, v := range importFiles([]importTarget{{Dir: dir, Name: "main"}}) {
		files[k] = v
	}
	if len(files) != 3 {
		t.Fatalf("%d generated files, want the start-up file, a keep file and an import file", len(files))
	}
	for name, src := range files {
		f, err := parser.ParseFile(token.NewFileSet(), name, src, 0)
		if err != nil {
			t.Fatalf("%s does not parse: %v\n%s", name, err, src)
		}
		for _, imp := range f.Imports {
			if path, _ := strconv.Unquote(imp.Path.Value); path != engine.ModulePath {
				t.Errorf("%s imports %s", filepath.Base(name), path)
			}
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			if id, ok := call.Fun.(*ast.Ident); !ok || id.Name != "applyAtStartup" || f.Name.Name != "redefine" {
				t.Errorf("%s calls %s:\n%s", filepath.Base(name), src[call.Pos()-1:call.End()-1], src)
			}
			return true
		})
	}
}
