package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestLanguageVersions: modules that declare a go line older than the
// engine's, or none, build, run and test with their own language version
// and GODEBUG defaults (internal/inject/language.go), their files untouched.
func TestLanguageVersions(t *testing.T) {
	realEngine(t)
	dir := fixture(t, "oldgo")
	var r result
	untouched(t, dir, func() {
		r = redefine(t, dir, nil, "test", "-count=1", "-v", ".")
	})
	for _, want := range []string{"--- PASS: TestSharedLoopVariable", "--- PASS: TestGODEBUGDefaults", "--- PASS: TestStamp"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("go 1.16 module: no %q\nexit %d\n%s%s", want, r.code, r.stdout, r.stderr)
		}
	}
	dir = fixture(t, "nogoline")
	untouched(t, dir, func() {
		r = redefine(t, dir, nil, "run", ".")
	})
	if r.code != 0 || strings.TrimSpace(r.stdout) != "5:00PM" {
		t.Errorf("module without a go line: exit %d, output %q\n%s", r.code, r.stdout, r.stderr)
	}
	// A vendored module that declares go 1.16: its GODEBUG defaults
	// (panicnil=1) survive the temporary workspace.
	dir = fixture(t, "vendold")
	untouched(t, dir, func() {
		r = redefine(t, dir, []string{"GOFLAGS=-mod=vendor", "GOPROXY=off"}, "run", ".")
	})
	if r.code != 0 || strings.TrimSpace(r.stdout) != "redefined dep panicnil: true" {
		t.Errorf("vendored module declaring go 1.16: exit %d, output %q\n%s", r.code, r.stdout, r.stderr)
	}
	// A workspace whose go.work and modules declare go 1.18.
	dir = fixture(t, "ws")
	for _, f := range []string{"go.work", "app/go.mod", "lib/go.mod"} {
		p := filepath.Join(dir, f)
		data, _ := os.ReadFile(p)
		os.WriteFile(p, []byte(strings.Replace(string(data), "go 1.22", "go 1.18", 1)), 0o644)
	}
	untouched(t, dir, func() {
		r = redefine(t, filepath.Join(dir, "app"), nil, "run", ".")
	})
	if r.code != 0 || strings.TrimSpace(r.stdout) != "redefined" {
		t.Errorf("workspace declaring go 1.18: exit %d, output %q\n%s", r.code, r.stdout, r.stderr)
	}
}

// TestEngineLoopSemantics: the engine's go.mod declares go 1.21 so that a
// user who requires it keeps a go line below 1.22 (go get would raise it to
// the engine's). Its loops must then mean the same under both semantics:
// the compiler lists every loop whose variable 1.22 makes per-iteration.
func TestEngineLoopSemantics(t *testing.T) {
	data, err := os.ReadFile("../../redefine/go.mod")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), "\ngo 1.21") {
		t.Skip("the engine's go.mod no longer declares go 1.21")
	}
	for _, platform := range []string{"linux/amd64", "linux/arm64", "darwin/arm64", "darwin/amd64"} {
		goos, goarch, _ := strings.Cut(platform, "/")
		cmd := exec.Command("go", "build", "-o", os.DevNull, "-gcflags=goredefine.dev/redefine/...=-lang=go1.22 -d=loopvar=2", "./...")
		cmd.Dir = "../../redefine"
		cmd.Env = append(os.Environ(), "GOOS="+goos, "GOARCH="+goarch, "CGO_ENABLED=0")
		out, err := cmd.CombinedOutput()
		if err != nil || strings.Contains(string(out), "per-iteration") {
			t.Errorf("%s: %v\n%s(a loop that needs go 1.22 semantics: capture a copy of the variable, or raise the engine's go line)", platform, err, out)
		}
	}
}

// TestInliningKept: small inlinable targets, named by a directive or by the
// engine's calls (a func value, a method expression, a constant name), are
// kept out of inlining without -gcflags=all=-l; -inlining=off restores it.
func TestInliningKept(t *testing.T) {
	realEngine(t)
	dir := fixture(t, "inlining")
	r := redefine(t, dir, []string{"REDEFINE_DEBUG=1"}, "test", "-count=1", "-v", "./...")
	if r.code != 0 || strings.Contains(r.stderr, "-gcflags") || strings.Contains(r.stdout, "inlined") {
		t.Errorf("redefine test: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = redefine(t, dir, nil, "run", ".")
	if r.code != 0 || strings.TrimSpace(r.stdout) != "0 1" || r.stderr != "" {
		t.Errorf("redefine run: exit %d, output %q (want 0 1: Add multiplies)\n%s", r.code, r.stdout, r.stderr)
	}
	r = redefine(t, dir, []string{"REDEFINE_DEBUG=1"}, "run", "-inlining=off", ".")
	if r.code != 0 || strings.TrimSpace(r.stdout) != "0 1" || !strings.Contains(r.stderr, "-gcflags=all=-l") {
		t.Errorf("redefine run -inlining=off: exit %d, output %q\n%s", r.code, r.stdout, r.stderr)
	}
}
