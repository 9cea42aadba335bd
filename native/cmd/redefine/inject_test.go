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
	for _, want := range []string{"-tags=integration,redefine", "-gcflags=all=-l", "-gcflags=-N -l", "startup: fmt.Sprint = main.fixedSprint"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
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
	for _, want := range []string{
		"./main.go:5:1: //redefine:func time.Now is in a file that every build compiles",
		"./redefine_bad.go:13:17: unknown target time.Nowz",
		"./redefine_bad.go:19:17: signature mismatch",
		"./redefine_bad.go:25:17: time.Now is already redefined by first",
	} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
}

// TestRedefineFlag: -redefine target=replacement on the command line, with
// the replacement named by import path or as main.F.
func TestRedefineFlag(t *testing.T) {
	dir := fixture(t, "app")
	for _, repl := range []string{"example.com/app.notLoaded", "main.notLoaded"} {
		r := redefine(t, dir, fakeEngine(t), "run", "-redefine", "example.com/app/config.load="+repl, ".")
		if r.code != 0 {
			t.Fatalf("%s: exit %d\n%s", repl, r.code, r.stderr)
		}
		want := "startup: example.com/app/config.load = main.notLoaded at " + filepath.Join(dir, "main.go") + ":15:6"
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	r := redefine(t, dir, fakeEngine(t), "run", "-redefine", "example.com/app/config.load=main.fixedNow", ".")
	if r.code != 2 || !strings.Contains(r.stderr, "-redefine: signature mismatch: example.com/app/config.load is func() bool but fixedNow is func() time.Time") {
		t.Errorf("mismatched flag: exit %d\n%s", r.code, r.stderr)
	}
}

// TestChangeDir: -C works as with the go command (and output paths follow it).
func TestChangeDir(t *testing.T) {
	dir := fixture(t, "app")
	r := redefine(t, t.TempDir(), fakeEngine(t), "build", "-C", dir, "-o", "app.bin", ".")
	if r.code != 0 {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	if out, err := exec.Command(filepath.Join(dir, "app.bin")).CombinedOutput(); err != nil || !strings.Contains(string(out), "startup: time.Now = main.fixedNow") {
		t.Errorf("built program: %v\n%s", err, out)
	}
}

// TestBadDirectivesJSON: with -json, wrong directives also come as the
// build-failure events of go test -json.
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
