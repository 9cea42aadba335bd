package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"
)

// redefineBin is the command under test, built once by TestMain.
var redefineBin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "redefine-cmd-test-")
	if err != nil {
		panic(err)
	}
	redefineBin = filepath.Join(dir, "redefine")
	if runtime.GOOS == "windows" {
		redefineBin += ".exe"
	}
	// REDEFINE_TEST_BUILDFLAGS=-race checks the command itself for races.
	args := append([]string{"build", "-o", redefineBin}, strings.Fields(os.Getenv("REDEFINE_TEST_BUILDFLAGS"))...)
	out, err := exec.Command("go", append(args, ".")...).CombinedOutput()
	if err != nil {
		fmt.Fprintf(os.Stderr, "building redefine: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// result is one run of the command.
type result struct {
	code           int
	stdout, stderr string
}

// redefine runs the command in dir with extra environment.
func redefine(t *testing.T, dir string, env []string, args ...string) result {
	t.Helper()
	cmd := exec.Command(redefineBin, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return result{code, stdout.String(), stderr.String()}
}

// fakeEngine points the command at the stand-in engine of testdata.
func fakeEngine(t *testing.T) []string {
	abs, err := filepath.Abs("testdata/fakeengine")
	if err != nil {
		t.Fatal(err)
	}
	return []string{"REDEFINE_ENGINE_DIR=" + abs}
}

// fixture copies testdata/name to a temporary directory (so no test can
// change the repository) and returns its path.
func fixture(t *testing.T, name string) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), name)
	src := filepath.Join("testdata", name)
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// treeHash hashes every file name and content under dir: a user's module
// must come out of a build exactly as it went in.
func treeHash(t *testing.T, dir string) string {
	t.Helper()
	var lines []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			t.Fatal(err)
		}
		info, _ := d.Info()
		rel, _ := filepath.Rel(dir, p)
		if d.IsDir() {
			lines = append(lines, rel+"/ "+info.Mode().String())
			return nil
		}
		data, _ := os.ReadFile(p)
		sum := sha256.Sum256(data)
		lines = append(lines, rel+" "+info.Mode().String()+" "+hex.EncodeToString(sum[:]))
		return nil
	})
	sort.Strings(lines)
	sum := sha256.Sum256([]byte(strings.Join(lines, "\n")))
	return hex.EncodeToString(sum[:])
}

// untouched fails the test if the tree under dir changed while f ran.
func untouched(t *testing.T, dir string, f func()) {
	t.Helper()
	before := treeHash(t, dir)
	f()
	if after := treeHash(t, dir); after != before {
		t.Errorf("files under %s changed", dir)
	}
}
