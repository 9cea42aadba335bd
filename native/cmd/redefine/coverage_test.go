package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// TestCoverage: -cover, -coverprofile and -coverpkg work under redefine test
// (the go command hands cmd/cover files that only the overlay has,
// golang/go#73802; see internal/inject/toolexec.go) and the profile has
// exactly the blocks go test's has: the generated files, the redefinition
// files and the engine are not instrumented (-coverpkg=all, which would
// match the engine, was checked by hand: it takes minutes on two cores).
func TestCoverage(t *testing.T) {
	realEngine(t)
	dir := fixture(t, "app")
	for _, flags := range [][]string{{"-cover"}, {"-coverpkg=./..."}, {"-covermode=atomic", "-coverpkg=./..."}} {
		name := strings.Join(flags, " ")
		ours, theirs := filepath.Join(t.TempDir(), "ours.out"), filepath.Join(t.TempDir(), "theirs.out")
		args := append([]string{"test", "-count=1", "-coverprofile=" + ours}, flags...)
		r := redefine(t, dir, nil, append(args, ".", "./config")...)
		if r.code != 0 || !strings.Contains(r.stdout, "coverage: ") {
			t.Errorf("redefine test %s: exit %d\n%s%s", name, r.code, r.stdout, r.stderr)
			continue
		}
		// go test fails TestKitchen (the clock is not frozen) but writes
		// its profile all the same.
		plain := exec.Command("go", append([]string{"test", "-count=1", "-coverprofile=" + theirs}, append(flags, ".", "./config")...)...)
		plain.Dir = dir
		plain.Run()
		if got, want := blocks(t, ours), blocks(t, theirs); got != want {
			t.Errorf("%s: the profiles have different blocks:\nredefine test:\n%s\ngo test:\n%s", name, head(got), head(want))
		}
	}
}

// blocks lists a profile's blocks (file:range statements), without counts.
func blocks(t *testing.T, profile string) string {
	t.Helper()
	data, err := os.ReadFile(profile)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n")[1:] {
		if i := strings.LastIndexByte(line, ' '); i > 0 {
			out = append(out, line[:i])
		}
	}
	sort.Strings(out)
	return strings.Join(dedupe(out), "\n")
}

func dedupe(s []string) []string {
	var out []string
	for i, x := range s {
		if i == 0 || x != s[i-1] {
			out = append(out, x)
		}
	}
	return out
}

func head(s string) string {
	lines := strings.Split(s, "\n")
	if len(lines) > 12 {
		lines = append(lines[:12], "…")
	}
	return strings.Join(lines, "\n")
}
