package directives

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

var redefineTags = []string{"-tags=redefine"}

func TestGoodDirectives(t *testing.T) {
	dir, _ := filepath.Abs("testdata/good")
	res, err := Load(Config{Dir: dir, BuildFlags: redefineTags, Tests: true}, "./...")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range res.Diagnostics {
		t.Errorf("unexpected diagnostic %s", d)
	}
	var got []string
	for _, r := range res.Redefinitions {
		got = append(got, fmt.Sprintf("%s=%s test:%s=%s %s:%d", r.TargetName(false), r.ReplacementName(false),
			r.TargetName(true), r.ReplacementName(true), filepath.Base(r.Pos.Filename), r.Pos.Line))
	}
	sort.Strings(got)
	want := []string{
		"example.com/good/store.(*Store).Get=main.fixedGet test:example.com/good/store.(*Store).Get=example.com/good.fixedGet redefine_now.go:16",
		"example.com/good/store.load=main.fixedLoad test:example.com/good/store.load=example.com/good.fixedLoad redefine_now.go:19",
		"main.helper=main.helperInTest test:example.com/good.helper=example.com/good.helperInTest main_test.go:5",
		"net/http.(*Client).Do=example.com/good/store_test.fakeDo test:net/http.(*Client).Do=example.com/good/store_test.fakeDo store_x_test.go:8",
		"time.Now=main.fixedNow test:time.Now=example.com/good.fixedNow redefine_now.go:11",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("redefinitions:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestBadDirectives(t *testing.T) {
	dir, _ := filepath.Abs("testdata/bad")
	res, err := Load(Config{Dir: dir, BuildFlags: redefineTags, Tests: true, Flags: []string{
		"time.Now", "time.Now=example.com/bad.nosuch",
	}}, ".")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"-redefine: -redefine time.Now: want target=replacement",
		"-redefine: -redefine time.Now=example.com/bad.nosuch: no function nosuch in package example.com/bad",
		"main.go:5:1: //redefine:func time.Now is in a file that every build compiles: add the line //go:build redefine",
		"redefine_bad.go:7:1: //redefine:func time.Now is on a var declaration",
		"redefine_bad.go:10:17: \"time..Now\"",
		"redefine_bad.go:13:17: unknown target time.Nowz: package time has no function Nowz",
		"redefine_bad.go:16:17: unknown target example.com/nosuch.F: package example.com/nosuch cannot be found",
		"redefine_bad.go:19:17: signature mismatch: time.Since is func(t time.Time) time.Duration but wrongSig is func(d time.Duration) time.Duration",
		"redefine_bad.go:25:17: time.Now is already redefined by first at ",
		"redefine_bad.go:31:10: replacement method is a method",
		"redefine_bad.go:33:1: unknown directive //redefine:fun",
		"redefine_bad.go:39:17: unknown target time.(*Time).Unix: Unix has a value receiver: name it time.Time.Unix",
		"redefine_bad.go:42:17: slices.Sort is generic: name one instantiation, slices.Sort[S, E] with its type parameters replaced",
		"redefine_bad.go:46:2: //redefine:func time.Now is not in the doc comment of a top-level function",
	}
	var got []string
	for _, d := range res.Diagnostics {
		s := d.String()
		if i := strings.Index(s, "testdata/bad/"); i >= 0 {
			s = s[i+len("testdata/bad/"):]
		}
		got = append(got, s)
	}
	for i := 0; i < len(want) || i < len(got); i++ {
		switch {
		case i >= len(got):
			t.Errorf("missing diagnostic %q", want[i])
		case i >= len(want):
			t.Errorf("unexpected diagnostic %q", got[i])
		case !strings.HasPrefix(got[i], want[i]):
			t.Errorf("diagnostic %d:\n got %q\nwant %q...", i, got[i], want[i])
		}
	}
}

// TestDuplicatesPerBinary: two replacements of one target conflict only when
// one binary links both.
func TestDuplicatesPerBinary(t *testing.T) {
	dir, _ := filepath.Abs("testdata/perbinary")
	res, err := Load(Config{Dir: dir, BuildFlags: redefineTags, Tests: true}, "./...")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range res.Diagnostics {
		got = append(got, strings.TrimPrefix(d.String(), dir+"/"))
	}
	want := "redefine_now.go:7:17: time.Now is already redefined by libNow at " + dir + "/lib/redefine_lib.go:9:1, and both are linked into the program example.com/perbinary"
	if len(got) != 1 || !strings.HasPrefix(got[0], want) {
		t.Errorf("diagnostics:\n%s\nwant one:\n%s", strings.Join(got, "\n"), want)
	}
	if n := len(res.Redefinitions); n != 4 {
		t.Errorf("%d redefinitions, want 4", n)
	}
}

func TestGenericDirectives(t *testing.T) {
	dir, _ := filepath.Abs("testdata/generic")
	res, err := Load(Config{Dir: dir, BuildFlags: redefineTags, Env: append(os.Environ(), "GOARCH=amd64"), Flags: []string{
		"example.com/generic/g.Max[float64]=example.com/generic.maxFloat",
	}}, ".")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range res.Redefinitions {
		if r.Valid() {
			got = append(got, r.TargetName(false)+" test:"+r.TargetName(true))
		}
	}
	sort.Strings(got)
	want := []string{
		"example.com/generic/g.(*Box[string]).Get test:example.com/generic/g.(*Box[string]).Get",
		"example.com/generic/g.Box[[]time.Duration].Val test:example.com/generic/g.Box[[]time.Duration].Val",
		"example.com/generic/g.Max[example.com/generic/g.ID] test:example.com/generic/g.Max[example.com/generic/g.ID]",
		"example.com/generic/g.Max[float64] test:example.com/generic/g.Max[float64]",
		"example.com/generic/g.Max[int] test:example.com/generic/g.Max[int]",
		"example.com/generic/g.Max[main.local] test:example.com/generic/g.Max[example.com/generic.local]",
		"example.com/generic/g.Pair[string,interface {}] test:example.com/generic/g.Pair[string,interface {}]",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("redefinitions:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	wantDiags := []string{
		"redefine_bad.go:7:17: example.com/generic/g.Max is generic: name one instantiation, example.com/generic/g.Max[T]",
		"redefine_bad.go:10:17: signature mismatch: example.com/generic/g.Max[float64] is func(a float64, b float64) float64 but wrongSig is func(a int, b int) int",
		"redefine_bad.go:13:17: example.com/generic/g.Max[bool]: bool does not satisfy",
		"redefine_bad.go:16:17: example.com/generic/g.Max[example.com/generic/g.Nope]: type argument example.com/generic/g.Nope: package example.com/generic/g has no type Nope",
		"redefine_bad.go:19:17: example.com/generic/g.Plain[int] is not generic",
		"redefine_bad.go:22:17: its arguments take so many registers on amd64 that the dictionary generic code takes pushes parameter 9 (int) onto the stack",
		"redefine_bad.go:25:17: example.com/generic/g.(*Box).Get is generic: name one instantiation, example.com/generic/g.(*Box[T]).Get",
	}
	var diags []string
	for _, d := range res.Diagnostics {
		s := d.String()
		if i := strings.Index(s, "testdata/generic/"); i >= 0 {
			s = s[i+len("testdata/generic/"):]
		}
		diags = append(diags, s)
	}
	for i := 0; i < len(wantDiags) || i < len(diags); i++ {
		switch {
		case i >= len(diags):
			t.Errorf("missing diagnostic %q", wantDiags[i])
		case i >= len(wantDiags):
			t.Errorf("unexpected diagnostic %q", diags[i])
		case !strings.HasPrefix(diags[i], wantDiags[i]):
			t.Errorf("diagnostic %d:\n got %q\nwant %q...", i, diags[i], wantDiags[i])
		}
	}
}
