package main

import (
	"regexp"
	"sort"
	"strings"
	"testing"
)

// TestRuntimeNames checks, with real builds, that every startup entry names
// the replacement and target exactly as runtime.FuncForPC does in the binary
// that links them: package main is "main" in a program but its import path in
// its test binary; _test.go functions of package p are p's; those of p_test
// are "<import path>_test".
func TestRuntimeNames(t *testing.T) {
	dir := fixture(t, "names")
	r := redefine(t, dir, fakeEngine(t), "run", ".")
	if r.code != 0 {
		t.Fatalf("run: exit %d\n%s", r.code, r.stderr)
	}
	checkNames(t, r.stdout+r.stderr, []string{"main.fixedHelper"}, []string{"main.helper = main.fixedHelper"})
	// A dot in the last element of a package path is escaped as %2e.
	if !strings.Contains(r.stderr, "target: example.com/names/v%2e2.F\n") || !strings.Contains(r.stderr, "startup: example.com/names/v%2e2.F = main.fixedF") {
		t.Errorf("escaped package path:\n%s", r.stderr)
	}

	r = redefine(t, dir, fakeEngine(t), "test", "-count=1", "-v", "./...")
	if r.code != 0 {
		t.Fatalf("test: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	checkNames(t, r.stdout+r.stderr, []string{
		"example.com/names.helperInTest",
		"example.com/names/p.internalValue",
		"example.com/names/p_test.externalValue",
	}, []string{
		"example.com/names.helper = example.com/names.fixedHelper",
		"example.com/names.helper2 = example.com/names.helperInTest",
		"example.com/names/v%2e2.F = example.com/names.fixedF",
		"example.com/names/p.Value = example.com/names/p.internalValue",
		"example.com/names/p.Other = example.com/names/p_test.externalValue",
	})
}

// checkNames finds the "runtime:" names the fixture printed with
// runtime.FuncForPC and requires a startup entry to use each.
func checkNames(t *testing.T, out string, runtimeNames, entries []string) {
	t.Helper()
	var printed []string
	for _, m := range regexp.MustCompile(`runtime: (.*)`).FindAllStringSubmatch(out, -1) {
		printed = append(printed, strings.Fields(m[1])...)
	}
	sort.Strings(printed)
	if strings.Join(printed, " ") != strings.Join(runtimeNames, " ") {
		t.Errorf("runtime names %q, want %q\n%s", printed, runtimeNames, out)
	}
	for _, n := range runtimeNames {
		if !strings.Contains(out, "= "+n+" at ") {
			t.Errorf("no startup entry with replacement %s:\n%s", n, out)
		}
	}
	for _, e := range entries {
		if !strings.Contains(out, "startup: "+e) {
			t.Errorf("no startup entry %q:\n%s", e, out)
		}
	}
}
