package inject

import (
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"goredefine.dev/internal/directives"
)

func TestMarkNoinline(t *testing.T) {
	src := `package p

// A is documented.
func A() {}

func B() {}
func C() {}

//go:nosplit
func D() {}

// E has a directive under its comment.
//go:nosplit
func E() {}

//go:noinline
func F() {}

func (t *T) M() {}
`
	lines := map[string]int{"A": 4, "B": 6, "C": 7, "D": 10, "E": 14, "F": 17, "M": 19}
	want := `package p

//go:noinline
func A() {}
//go:noinline
func B() {}
//go:noinline
//line /p/p.go:7
func C() {}
//go:noinline
//go:nosplit
func D() {}

//go:noinline
//go:nosplit
func E() {}

//go:noinline
func F() {}
//go:noinline
func (t *T) M() {}
`
	var at []int
	for _, l := range lines {
		at = append(at, l)
	}
	got, err := markNoinline("/p/p.go", []byte(src), at)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	if got, _ := markNoinline("/p/p.go", []byte(src), []int{17}); got != nil {
		t.Errorf("F already has //go:noinline, got a change:\n%s", got)
	}
}

func TestNoinlineEdits(t *testing.T) {
	dir := t.TempDir()
	mod := filepath.Join(dir, "modcache")
	os.MkdirAll(mod, 0o755)
	f := filepath.Join(dir, "a.go")
	os.WriteFile(f, []byte("package a\n\nfunc A() {}\n"), 0o644)
	decls := []directives.Decl{
		{Pkg: "example.com/a", Pos: token.Position{Filename: f, Line: 3}},
		{Pkg: "example.com/dep", Pos: token.Position{Filename: filepath.Join(mod, "dep@v1", "d.go"), Line: 9}},
	}
	o, withL, err := noinlineEdits(decls, mod, overlay{})
	if err != nil {
		t.Fatal(err)
	}
	if string(o[f]) != "package a\n//go:noinline\nfunc A() {}\n" {
		t.Errorf("a.go: %q", o[f])
	}
	if !reflect.DeepEqual(withL, []string{"example.com/dep"}) {
		t.Errorf("packages with -l: %q", withL)
	}
	if got := packageGcflags([]string{"all=-N"}, withL); !reflect.DeepEqual(got, []string{"all=-N", "example.com/dep=-N -l"}) {
		t.Errorf("packageGcflags = %q", got)
	}
}
