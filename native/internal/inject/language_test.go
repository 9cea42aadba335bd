package inject

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWithLanguage(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{"package p\n", "//go:build go1.21\n//line /e/f.go:1\npackage p\n"},
		{"//go:build linux\n\npackage p\n", "//go:build (linux) && go1.21\n\npackage p\n"},
		{"// Doc.\n//go:build arm64 || amd64\n\npackage p\n", "// Doc.\n//go:build (arm64 || amd64) && go1.21\n\npackage p\n"},
		{"//go:build go1.22 && !go1.23\n\npackage p\n", ""}, // already go1.22
		{"// Package p.\npackage p\n\n//go:build x\n", "//go:build go1.21\n//line /e/f.go:1\n// Package p.\npackage p\n\n//go:build x\n"},
	} {
		got := string(withLanguage("/e/f.go", []byte(c.src), "go1.21"))
		if got != c.want {
			t.Errorf("withLanguage(%q)\n got %q\nwant %q", c.src, got, c.want)
		}
	}
}

func TestLowerEngine(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module goredefine.dev/redefine\n\ngo 1.21\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "a.go"), []byte("package redefine\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "a_test.go"), []byte("package redefine\n"), 0o644)
	os.MkdirAll(filepath.Join(dir, "internal", "x"), 0o755)
	os.WriteFile(filepath.Join(dir, "internal", "x", "x.go"), []byte("package x\n"), 0o644)
	for _, main := range []string{"1.21", "1.22.3", "1.26"} {
		if o, err := lowerEngine(dir, goLine{main}); err != nil || o != nil {
			t.Errorf("main go %s: %d files, %v; want none", main, len(o), err)
		}
	}
	for main, gomod := range map[string]string{"1.13": "go 1.13\n", "": ""} {
		o, err := lowerEngine(dir, goLine{main})
		if err != nil {
			t.Fatal(err)
		}
		if got := string(o[filepath.Join(dir, "go.mod")]); !strings.HasSuffix(got, "\n"+gomod) || strings.Contains(got, "1.21") {
			t.Errorf("main go %q: engine go.mod %q", main, got)
		}
		if len(o) != 3 || o[filepath.Join(dir, "a_test.go")] != nil {
			t.Errorf("main go %q: overlay has %d files, want go.mod, a.go, internal/x/x.go", main, len(o))
		}
	}
}
