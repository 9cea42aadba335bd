package stub

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// module writes a small main package: main.go calls time.Now from kitchen,
// plus the extra files given.
func module(t *testing.T, extra map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"go.mod": "module example.com/k\n\ngo 1.22\n",
		"main.go": `package main

import (
	"fmt"
	"time"
)

func main() {
	label := kitchen()
	fmt.Println(label)
}

func kitchen() string { return time.Now().Format(time.Kitchen) }
`,
	}
	for k, v := range extra {
		files[k] = v
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const (
	nowLine, nowCol         = 13, 33 // the Now of time.Now in kitchen
	kitchenLine, kitchenCol = 9, 11  // the call of kitchen in main
	labelLine, labelCol     = 10, 14 // the variable label
)

const redefineNow = `//go:build redefine

package main

import "time"

//redefine:func time.Now
func fixedNow() time.Time { return time.Date(2026, 1, 30, 17, 0, 0, 0, time.UTC) }
`

// TestAlreadyRedefined: a target with a replacement in the package gets no
// second stub (it would be refused at once) but where the first one is, for
// the package and the tests variant alike, also when the directive is only
// in the editor's unsaved text or names a main package's function as main.f.
func TestAlreadyRedefined(t *testing.T) {
	dir := module(t, map[string]string{"redefine_now.go": redefineNow})
	for _, test := range []bool{false, true} {
		_, err := Run(Request{File: filepath.Join(dir, "main.go"), Line: nowLine, Col: nowCol, Test: test})
		var e *AlreadyRedefinedError
		if !errors.As(err, &e) {
			t.Fatalf("test=%v: %v, want AlreadyRedefinedError", test, err)
		}
		if e.File != filepath.Join(dir, "redefine_now.go") || e.Line != 7 || e.Col != 1 || e.Replacement != "fixedNow" || e.Written != "time.Now" {
			t.Errorf("test=%v: %+v", test, e)
		}
		if want := "time.Now is already redefined by fixedNow at redefine_now.go:7: a target has one replacement in a build, so edit that one"; !strings.HasPrefix(err.Error(), want) {
			t.Errorf("message %q, want it to start with %q", err, want)
		}
	}
	// Another target of the same package is still offered.
	if _, err := Run(Request{File: filepath.Join(dir, "main.go"), Line: kitchenLine, Col: kitchenCol}); err != nil {
		t.Errorf("kitchen: %v", err)
	}

	unsaved := map[string][]byte{filepath.Join(dir, "redefine_test.go"): []byte("package main\n\n//redefine:func main.kitchen\nfunc frozenKitchen() string { return \"5:00PM\" }\n")}
	_, err := Run(Request{File: filepath.Join(dir, "main.go"), Line: kitchenLine, Col: kitchenCol, Overlay: unsaved})
	var e *AlreadyRedefinedError
	if !errors.As(err, &e) || e.Written != "main.kitchen" || e.Target != "example.com/k.kitchen" || e.Replacement != "frozenKitchen" || e.Line != 3 {
		t.Errorf("main.kitchen in unsaved text: %v (%+v)", err, e)
	}
}

// TestRefusalReasons: what the editor shows when it offers no stub.
func TestRefusalReasons(t *testing.T) {
	dir := module(t, map[string]string{"redefine_main.go": "//go:build redefine\n\npackage main\n\nfunc broken( {\n"})
	_, err := Run(Request{File: filepath.Join(dir, "main.go"), Line: nowLine, Col: nowCol})
	if err == nil || !strings.HasPrefix(err.Error(), "redefine_main.go does not parse, so the stub cannot be added to it: ") || !strings.HasSuffix(err.Error(), "fix it (Problems lists the error), then redefine again") {
		t.Errorf("unparsable stub file: %v", err)
	}
	if errors.Is(err, ErrNoFunction) {
		t.Errorf("a parse error is a refusal, not 'no function': %v", err)
	}

	dir = module(t, nil)
	_, err = Run(Request{File: filepath.Join(dir, "main.go"), Line: labelLine, Col: labelCol})
	if !errors.Is(err, ErrNoFunction) || !strings.Contains(err.Error(), "label is a variable, not a function") {
		t.Errorf("a variable: %v", err)
	}
	_, err = Run(Request{File: filepath.Join(dir, "main.go"), Line: 1, Col: 1})
	if !errors.Is(err, ErrNoFunction) {
		t.Errorf("the package clause: %v", err)
	}
}
