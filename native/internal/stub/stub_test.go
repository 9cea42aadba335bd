package stub

import (
	"go/format"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestParameterHidesPackage: a parameter named time must not hide package
// time from the body's zero value.
func TestParameterHidesPackage(t *testing.T) {
	file, _ := filepath.Abs("testdata/clash/clock/clock.go")
	s, err := Run(Request{File: file, Line: 11, Col: 18})
	if err != nil {
		t.Fatal(err)
	}
	want := "func redefinedShift(time_ time.Duration, url string) time.Time {\n\treturn time.Time{}\n}"
	if !strings.Contains(s.Decl, want) {
		t.Errorf("stub:\n%s\nwant it to contain:\n%s", s.Decl, want)
	}
	if _, err := format.Source(s.Content); err != nil {
		t.Errorf("content does not parse: %v", err)
	}
	if !s.Created || !strings.HasPrefix(string(s.Content), "//go:build redefine\n\npackage clock\n\nimport \"time\"\n") {
		t.Errorf("new file content:\n%s", s.Content)
	}
}

// TestNotInModule: no stub is written into the standard library.
func TestNotInModule(t *testing.T) {
	goroot := runtime.GOROOT()
	file := filepath.Join(goroot, "src", "time", "time.go")
	data, err := os.ReadFile(file)
	if err != nil {
		t.Skip(err)
	}
	line := 1 + strings.Count(string(data[:strings.Index(string(data), "func Now()")]), "\n")
	_, err = Run(Request{File: file, Line: line, Col: 6})
	if err == nil || !strings.Contains(err.Error(), "is not in your module") {
		t.Errorf("stub in GOROOT: %v", err)
	}
}
