package engine

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
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
