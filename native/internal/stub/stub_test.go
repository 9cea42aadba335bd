package stub

import (
	"go/format"
	"path/filepath"
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
