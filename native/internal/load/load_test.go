package load

import (
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/packages"
)

// TestFromSource loads two packages of a module, with test variants, and
// checks that types are shared: b.T in a's signature is the b.T that package
// b declares.
func TestFromSource(t *testing.T) {
	dir, _ := filepath.Abs("testdata/mod")
	pkgs, err := Packages(Config{Dir: dir, Tests: true, Fset: token.NewFileSet()}, "./...")
	if err != nil {
		t.Fatalf("Packages: %v", err)
	}
	byID := map[string]*packages.Package{}
	for _, p := range pkgs {
		byID[p.ID] = p
		if p.Types == nil || p.TypesInfo == nil || len(p.Syntax) != len(p.CompiledGoFiles) {
			t.Errorf("%s: not type-checked", p.ID)
		}
		for _, e := range p.TypeErrors {
			t.Errorf("%s: %v", p.ID, e)
		}
	}
	for _, id := range []string{"example.com/mod/a", "example.com/mod/b", "example.com/mod/a [example.com/mod/a.test]", "example.com/mod/a_test [example.com/mod/a.test]"} {
		if byID[id] == nil {
			t.Fatalf("no package %s among %v", id, keys(byID))
		}
	}
	bT := byID["example.com/mod/b"].Types.Scope().Lookup("T")
	f := byID["example.com/mod/a"].Types.Scope().Lookup("F").(*types.Func)
	if got := f.Type().(*types.Signature).Params().At(0).Type().(*types.Named).Obj(); got != bT {
		t.Error("a.F's parameter type is not package b's T object")
	}
	if byID["example.com/mod/a [example.com/mod/a.test]"].Types.Scope().Lookup("helperInTest") == nil {
		t.Error("the test variant lacks the _test.go function")
	}
}

func keys(m map[string]*packages.Package) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestRecompiledForTest: a dependency the go command recompiles for a test
// (b imports a, a has _test.go files of its own, and a's external tests
// import b) is checked from source too, so the external test sees one a.
func TestRecompiledForTest(t *testing.T) {
	dir := t.TempDir()
	write := func(name, src string) {
		os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755)
		os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644)
	}
	write("go.mod", "module example.com/fb\n\ngo 1.22\n")
	write("a/a.go", "package a\n\ntype T int\n\nfunc A() T { return 1 }\n")
	write("a/a_test.go", "package a\n\nfunc inTest() int { return 2 }\n")
	write("b/b.go", "package b\n\nimport \"example.com/fb/a\"\n\nfunc B() a.T { return a.A() }\n")
	write("a/x_test.go", "package a_test\n\nimport (\n\t\"testing\"\n\n\t\"example.com/fb/a\"\n\t\"example.com/fb/b\"\n)\n\nfunc TestB(t *testing.T) { var x a.T = b.B(); _ = x }\n")
	pkgs, err := Packages(Config{Dir: dir, Tests: true}, "./a")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pkgs {
		if p.Types == nil {
			t.Errorf("%s: no types", p.ID)
		}
		for _, e := range p.TypeErrors {
			t.Errorf("%s: %v", p.ID, e)
		}
	}
}
