package engine

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// TestEmbeddedCopyIsCurrent checks that the embedded copy matches
// native/redefine. Binaries built with -trimpath (the extension builds the
// command that way) cannot find their source tree and use the embedded copy,
// so a stale copy would inject an old engine.
func TestEmbeddedCopyIsCurrent(t *testing.T) {
	src := sourceTreeDir()
	if check(src) != nil {
		t.Skip("no engine source tree beside this package")
	}
	fresh, err := Archive(src)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(fresh, embedded) {
		t.Fatal("internal/engine/engine.txtar is older than native/redefine: run `go generate ./internal/engine` in native/ and commit engine.txtar")
	}
}

func TestExtract(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	t.Setenv("HOME", t.TempDir())
	dir, err := extract()
	if err != nil {
		t.Fatal(err)
	}
	if err := check(dir); err != nil {
		t.Fatal(err)
	}
	again, err := Archive(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again, embedded) {
		t.Error("extracted copy differs from the embedded archive")
	}
	// A second call reuses the copy.
	if dir2, err := extract(); err != nil || dir2 != dir {
		t.Errorf("second extract = %q, %v; want %q", dir2, err, dir)
	}
}

func TestDirFromEnv(t *testing.T) {
	d := t.TempDir()
	t.Setenv("REDEFINE_ENGINE_DIR", d)
	if _, _, err := Dir(); err == nil {
		t.Fatal("Dir accepted a directory without the engine's go.mod")
	}
	os.WriteFile(filepath.Join(d, "go.mod"), []byte("module "+ModulePath+"\n"), 0o644)
	got, source, err := Dir()
	if err != nil || got != d || source != "REDEFINE_ENGINE_DIR" {
		t.Fatalf("Dir() = %q, %q, %v", got, source, err)
	}
}

// TestArchiveHoldsOnlyTheBuild: the archive has what the root package
// imports from its module, and none of the development-only files.
func TestArchiveHoldsOnlyTheBuild(t *testing.T) {
	dir := t.TempDir()
	write := func(rel, text string) {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", "module "+ModulePath+"\n\ngo 1.22\n")
	write("api.go", "package redefine\n\nimport _ \""+ModulePath+"/internal/used\"\n")
	write("stub_arm64.s", "#include \"textflag.h\"\n")
	write("api_test.go", "package redefine\n")
	write("zz_startup_generated.go", "package redefine\n")
	write(".hidden.go", "package redefine\n")
	write("notes.md", "notes\n")
	write("testdata/x.go", "package x\n")
	write("internal/used/used.go", "package used\n\nimport _ \""+ModulePath+"/internal/deeper\"\n")
	write("internal/deeper/deeper.go", "package deeper\n")
	write("internal/deeper/deeper.h", "// header\n")
	write("internal/benchgen/main.go", "package main\n")
	write("internal/crosscheck/go.mod", "module "+ModulePath+"/internal/crosscheck\n")
	write("internal/crosscheck/check.go", "package crosscheck\n")

	data, err := Archive(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range txtar.Parse(data).Files {
		got = append(got, f.Name)
	}
	want := []string{"go.mod", "api.go", "internal/deeper/deeper.go", "internal/deeper/deeper.h", "internal/used/used.go", "stub_arm64.s"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("archive holds\n  %v\nwant\n  %v", got, want)
	}
}

// TestEmbeddedCopyBuilds: the extracted copy alone builds on every platform
// the engine supports (a file the archive left out would break it).
func TestEmbeddedCopyBuilds(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the engine four times")
	}
	// The build cache stays where it is (it lives under the cache directory moved below).
	gocache, err := exec.Command("go", "env", "GOCACHE").Output()
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("GOCACHE", strings.TrimSpace(string(gocache)))
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	t.Setenv("HOME", t.TempDir())
	dir, err := extract()
	if err != nil {
		t.Fatal(err)
	}
	for _, platform := range []string{"linux/amd64", "linux/arm64", "darwin/amd64", "darwin/arm64"} {
		goos, goarch, _ := strings.Cut(platform, "/")
		cmd := exec.Command("go", "build", "./...")
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOOS="+goos, "GOARCH="+goarch, "CGO_ENABLED=0", "GOWORK=off", "GOFLAGS=-mod=mod")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("go build of the embedded copy for %s: %v\n%s", platform, err, out)
		}
	}
}
