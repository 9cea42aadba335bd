package main

import (
	"encoding/json"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestRunInjects checks the startup list (names, positions) and that the
// engine's init runs before the user's package initialisers.
func TestRunInjects(t *testing.T) {
	dir := fixture(t, "app")
	var r result
	untouched(t, dir, func() {
		r = redefine(t, dir, fakeEngine(t), "run", ".", "--", "ignored-arg")
	})
	if r.code != 0 {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	want := "startup: time.Now = main.fixedNow at " + filepath.Join(dir, "redefine_now.go") + ":7:1"
	if !strings.Contains(r.stderr, want) {
		t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
	}
	if s, c := strings.Index(r.stderr, "startup: applying"), strings.Index(r.stderr, "config: init"); s < 0 || c < s {
		t.Errorf("the engine's init did not run before the user's initialisers:\n%s", r.stderr)
	}
	if !strings.HasPrefix(r.stdout, "true ") {
		t.Errorf("program output not passed through: %q", r.stdout)
	}
}

// TestTestNames checks the test binary's names for a package main
// replacement, and that go test's exit status passes through (the stand-in
// engine patches nothing, so the frozen-clock test fails).
func TestTestNames(t *testing.T) {
	dir := fixture(t, "app")
	var r result
	untouched(t, dir, func() {
		r = redefine(t, dir, fakeEngine(t), "test", "-count=1", ".")
	})
	if r.code != 1 {
		t.Errorf("exit %d, want go test's 1\n%s%s", r.code, r.stdout, r.stderr)
	}
	want := "startup: time.Now = example.com/app.fixedNow at "
	if !strings.Contains(r.stdout+r.stderr, want) {
		t.Errorf("output lacks %q:\n%s%s", want, r.stdout, r.stderr)
	}
}

// TestJSONPassThrough: redefine test -json prints go test -json's stream.
func TestJSONPassThrough(t *testing.T) {
	dir := fixture(t, "app")
	r := redefine(t, dir, fakeEngine(t), "test", "-json", "-count=1", ".")
	if r.code != 1 {
		t.Errorf("exit %d, want 1\n%s", r.code, r.stderr)
	}
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	var last struct{ Action, Package string }
	for _, l := range lines {
		if err := json.Unmarshal([]byte(l), &last); err != nil {
			t.Fatalf("not a JSON line: %q", l)
		}
	}
	if last.Action != "fail" || last.Package != "example.com/app" {
		t.Errorf("last event %+v, want the package's fail", last)
	}
}

// TestBuildKeepsReplacements: without the generated keep file the linker
// would drop the replacement, which nothing calls.
func TestBuildKeepsReplacements(t *testing.T) {
	dir := fixture(t, "app")
	bin := filepath.Join(t.TempDir(), "app")
	r := redefine(t, dir, fakeEngine(t), "build", "-o", bin, ".")
	if r.code != 0 {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	out, err := exec.Command("go", "tool", "nm", bin).Output()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), " main.fixedNow") {
		t.Error("main.fixedNow is not in the binary")
	}
}

func TestWorkspace(t *testing.T) {
	dir := fixture(t, "ws")
	var r result
	untouched(t, dir, func() {
		r = redefine(t, filepath.Join(dir, "app"), fakeEngine(t), "run", ".")
	})
	if r.code != 0 {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	if want := "startup: example.com/wslib.Greeting = example.com/wslib.fixedGreeting"; !strings.Contains(r.stderr, want) {
		t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
	}
}

func TestVendor(t *testing.T) {
	needGo(t, 23)
	dir := fixture(t, "vend")
	var r result
	// GOPROXY=off and an empty module cache: the vendored copy must be used.
	env := append(fakeEngine(t), "GOPROXY=off", "GOFLAGS=-modcacherw", "GOMODCACHE="+t.TempDir())
	untouched(t, dir, func() {
		r = redefine(t, dir, env, "run", ".")
	})
	if r.code != 0 {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	if want := "startup: example.com/dep.Name = main.fixedName"; !strings.Contains(r.stderr, want) {
		t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
	}
}

// TestUserFlags: the user's -tags and -gcflags are merged, not replaced.
func TestUserFlags(t *testing.T) {
	dir := fixture(t, "flags")
	r := redefine(t, dir, append(fakeEngine(t), "REDEFINE_DEBUG=1"), "run", "-tags", "integration", "-gcflags=-N", ".")
	if r.code != 0 {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	if strings.TrimSpace(r.stdout) != "integration" {
		t.Errorf("the user's -tags were lost: output %q", r.stdout)
	}
	for _, want := range []string{"-tags=integration,redefine", "-gcflags=-N ", "startup: fmt.Sprint = main.fixedSprint"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	// Inlining stays on: fmt.Sprint alone is kept out of it (overlay).
	if strings.Contains(r.stderr, "-l") {
		t.Errorf("inlining was turned off:\n%s", r.stderr)
	}
	// Without the tag the file with the directive is not built at all.
	r = redefine(t, dir, append(fakeEngine(t), "GOFLAGS=-gcflags=-N"), "run", ".")
	if r.code != 0 || strings.TrimSpace(r.stdout) != "plain" || !strings.Contains(r.stderr, "startup: applying 0") {
		t.Errorf("exit %d, output %q\n%s", r.code, r.stdout, r.stderr)
	}
}

func TestBadDirectivesExit2(t *testing.T) {
	dir, _ := filepath.Abs("../../internal/directives/testdata/bad")
	var r result
	untouched(t, dir, func() {
		r = redefine(t, dir, fakeEngine(t), "build", "-o", filepath.Join(t.TempDir(), "x"), ".")
	})
	if r.code != 2 {
		t.Fatalf("exit %d, want 2\n%s", r.code, r.stderr)
	}
	// Every kind of wrong directive of issue 4, item 1, each at its place.
	for _, want := range []string{
		"./main.go:5:1: //redefine:func time.Now is in a file that every build compiles",
		"./redefine_bad.go:7:1: //redefine:func time.Now is on a var declaration; a replacement must be a top-level function",
		"./redefine_bad.go:10:17: \"time..Now\"",
		"./redefine_bad.go:13:17: unknown target time.Nowz: package time has no function Nowz",
		"./redefine_bad.go:16:17: unknown target example.com/nosuch.F: package example.com/nosuch cannot be found",
		"./redefine_bad.go:19:17: signature mismatch: time.Since is func(t time.Time) time.Duration but wrongSig is func(d time.Duration) time.Duration",
		"./redefine_bad.go:25:17: time.Now is already redefined by first at ",
		"./redefine_bad.go:31:10: replacement method is a method",
		"./redefine_bad.go:33:1: unknown directive //redefine:fun",
		"./redefine_bad.go:39:17: unknown target time.(*Time).Unix: Unix has a value receiver: name it time.Time.Unix",
		"./redefine_bad.go:42:17: slices.Sort is generic",
		"./redefine_bad.go:46:2: //redefine:func time.Now is not in the doc comment of a top-level function",
	} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	if n := strings.Count(r.stderr, "\n"); n != 12 {
		t.Errorf("%d lines of diagnostics, want 12:\n%s", n, r.stderr)
	}
}

func TestBadDirectivesJSON(t *testing.T) {
	dir, _ := filepath.Abs("../../internal/directives/testdata/bad")
	r := redefine(t, dir, fakeEngine(t), "test", "-json", ".")
	if r.code != 2 {
		t.Fatalf("exit %d, want 2\n%s", r.code, r.stderr)
	}
	var actions []string
	sawDiag := false
	for _, l := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
		var e struct{ ImportPath, Action, Package, Output, FailedBuild string }
		if err := json.Unmarshal([]byte(l), &e); err != nil {
			t.Fatalf("not JSON: %q", l)
		}
		actions = append(actions, e.Action)
		if strings.Contains(e.Output, "./redefine_bad.go:13:17: unknown target time.Nowz") && e.ImportPath == "example.com/bad" {
			sawDiag = true
		}
	}
	if !sawDiag || actions[len(actions)-1] != "fail" || !strings.Contains(strings.Join(actions, " "), "build-fail start output fail") {
		t.Errorf("events %v\n%s", actions, r.stdout)
	}
}

// TestWorkspaceVendor: a workspace vendored with go work vendor, whose
// go.work replaces a module with a directory.
func TestWorkspaceVendor(t *testing.T) {
	needGo(t, 23)
	dir := fixture(t, "wsvend")
	env := append(fakeEngine(t), "GOPROXY=off", "GOFLAGS=-modcacherw", "GOMODCACHE="+t.TempDir())
	var r result
	untouched(t, dir, func() {
		r = redefine(t, filepath.Join(dir, "app"), env, "run", ".")
	})
	if r.code != 0 || !strings.Contains(r.stderr, "startup: example.com/wsdep.Name = main.fixedName") {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
}

func TestList(t *testing.T) {
	dir, _ := filepath.Abs("../../internal/directives/testdata/good")
	r := redefine(t, dir, nil, "list")
	if r.code != 0 || !strings.Contains(r.stdout, "redefine_now.go:11:1: time.Now = main.fixedNow (ok)") {
		t.Errorf("list: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	bad, _ := filepath.Abs("../../internal/directives/testdata/bad")
	r = redefine(t, bad, nil, "list", "-json")
	var out struct {
		Redefinitions []struct{ Target string }
		Diagnostics   []string
	}
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil || r.code != 2 || len(out.Diagnostics) < 10 {
		t.Errorf("list -json on bad directives: exit %d, %v\n%s", r.code, err, r.stdout)
	}
}
