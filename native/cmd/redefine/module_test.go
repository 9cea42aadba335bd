package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/mod/module"
	"golang.org/x/mod/zip"
)

// TestEngineAsModule: the engine as it would be published
// (goredefine.dev/redefine@v0.1.0, served by a local module proxy) works
// like any module for a user who imports it in tests, after one step, go
// get: go mod tidy, go vet, gopls and plain go test report nothing wrong
// (the redefinition file reaches the original through //redefine:original,
// without importing the engine), the module's go line stays its own, and
// redefine test runs the directive too.
func TestEngineAsModule(t *testing.T) {
	realEngine(t)
	proxy := t.TempDir()
	publish(t, proxy, "../../redefine", "v0.1.0")
	env := []string{
		"GOPROXY=file://" + filepath.ToSlash(proxy), "GOSUMDB=off", "GOWORK=off", "GOTOOLCHAIN=local",
		// A module cache of its own: the shared one must never hold a
		// made-up release of the engine.
		"GOMODCACHE=" + t.TempDir(), "GOFLAGS=-modcacherw",
	}
	dir := fixture(t, "importer")
	run := func(name string, args ...string) string {
		t.Helper()
		cmd := exec.Command(name, args...)
		cmd.Dir, cmd.Env = dir, append(os.Environ(), env...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	run("go", "get", "goredefine.dev/redefine@v0.1.0")
	run("go", "mod", "tidy")
	gomod, _ := os.ReadFile(filepath.Join(dir, "go.mod"))
	if !strings.Contains(string(gomod), "goredefine.dev/redefine v0.1.0") || !strings.Contains(string(gomod), "\ngo 1.22\n") {
		t.Errorf("go.mod after go get and go mod tidy:\n%s", gomod)
	}
	run("go", "vet", "./...")
	if out := run("go", "test", "-count=1", "-v", "./..."); !strings.Contains(out, "--- PASS: TestYear") {
		t.Errorf("go test:\n%s", out)
	}
	gopls, err := exec.LookPath("gopls")
	if err != nil {
		gopls = filepath.Join(cacheDir(), "bin", "gopls")
		_, err = os.Stat(gopls)
	}
	need(t, err == nil, "gopls on PATH or in ~/.cache/go-redefine/bin (scripts/test.d/20-command.sh installs it)")
	if out := run(gopls, "check", "clock/clock.go", "clock/clock_test.go", "clock/redefine_clock.go"); strings.TrimSpace(out) != "" {
		t.Errorf("gopls check reports:\n%s", out)
	}
	want := strconv.Itoa(time.Now().Year() - 10)
	r := redefine(t, dir, append(env, "REDEFINE_WANT_YEAR="+want), "test", "-count=1", "-v", "./...")
	if r.code != 0 || !strings.Contains(r.stdout, "--- PASS: TestDirective") || !strings.Contains(r.stdout, "--- PASS: TestYear") {
		t.Errorf("redefine test: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// publish writes a module proxy's files for the module in dir at version
// (the layout GOPROXY=file:// reads: list, .info, .mod, .zip).
func publish(t *testing.T, proxy, dir, version string) {
	t.Helper()
	gomod, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	path := "goredefine.dev/redefine"
	at := filepath.Join(proxy, filepath.FromSlash(path), "@v")
	if err := os.MkdirAll(at, 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(filepath.Join(at, version+".zip"))
	if err != nil {
		t.Fatal(err)
	}
	if err := zip.CreateFromDir(f, module.Version{Path: path, Version: version}, dir); err != nil {
		t.Fatalf("zipping the engine: %v", err)
	}
	f.Close()
	os.WriteFile(filepath.Join(at, version+".mod"), gomod, 0o644)
	os.WriteFile(filepath.Join(at, version+".info"), []byte(fmt.Sprintf(`{"Version":%q,"Time":"2026-01-30T17:00:00Z"}`, version)), 0o644)
	os.WriteFile(filepath.Join(at, "list"), []byte(version+"\n"), 0o644)
}

// cacheDir is the project's download cache (scripts/lib.sh's CACHE_DIR).
func cacheDir() string {
	if d := os.Getenv("XDG_CACHE_HOME"); d != "" {
		return filepath.Join(d, "go-redefine")
	}
	home, _ := os.UserHomeDir()
	return filepath.Join(home, ".cache", "go-redefine")
}
