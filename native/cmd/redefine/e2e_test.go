package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// need stops a test that cannot run on this machine: with CI=true (the
// suite's own runs, which install everything) a missing piece is a failure,
// elsewhere a skip that says what is missing. A test never passes having
// run nothing.
func need(t *testing.T, ok bool, format string, args ...any) {
	t.Helper()
	if ok {
		return
	}
	msg := "missing: " + fmt.Sprintf(format, args...)
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip("SKIPPED, " + msg)
}

// realEngine makes sure the engine sources this repository's command injects
// are here (native/redefine, with its start-up hook).
func realEngine(t *testing.T) {
	t.Helper()
	data, err := os.ReadFile("../../redefine/startup.go")
	need(t, err == nil && strings.Contains(string(data), "func applyAtStartup"), "the engine sources in native/redefine (startup.go with applyAtStartup)")
}

// TestFrozenClock: the module's test fails under go test and passes under
// redefine test, with the real engine.
func TestFrozenClock(t *testing.T) {
	realEngine(t)
	dir := fixture(t, "frozen")
	if time.Now().UTC().Format(time.Kitchen) == "5:00PM" {
		t.Skip("the real clock says 5:00PM: go test would pass")
	}
	plain := exec.Command("go", "test", "-count=1", ".")
	plain.Dir = dir
	if out, err := plain.CombinedOutput(); err == nil {
		t.Fatalf("go test passed without the frozen clock:\n%s", out)
	}
	report := filepath.Join(t.TempDir(), "report.jsonl")
	var r result
	untouched(t, dir, func() {
		r = redefine(t, dir, []string{"REDEFINE_REPORT=" + report}, "test", "-count=1", "-v", ".")
	})
	if r.code != 0 || !strings.Contains(r.stdout, "--- PASS: TestEvening") {
		t.Fatalf("redefine test: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	checkReport(t, report, "time.Now", "example.com/frozen.fivePM")
}

// TestSeedExample: the seed's program prints 5:00PM under redefine run, both
// with a directive and calling the API as the seed does.
func TestSeedExample(t *testing.T) {
	realEngine(t)
	for _, name := range []string{"seed", "seedapi"} {
		dir := fixture(t, name)
		report := filepath.Join(t.TempDir(), "report.jsonl")
		var r result
		untouched(t, dir, func() {
			r = redefine(t, dir, []string{"REDEFINE_REPORT=" + report}, "run", ".")
		})
		if r.code != 0 || strings.TrimSpace(r.stdout) != "5:00PM" {
			t.Errorf("%s: exit %d, output %q\n%s", name, r.code, r.stdout, r.stderr)
		}
		if name == "seed" {
			checkReport(t, report, "time.Now", "main.myTimeNow")
		}
	}
}

// checkReport finds the redefinition in the REDEFINE_REPORT file, applied.
func checkReport(t *testing.T, path, target, replacement string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("no report: %v", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var rep struct {
			Redefinitions []struct{ Target, Replacement, Status, Error string }
		}
		if err := json.Unmarshal(sc.Bytes(), &rep); err != nil {
			t.Fatalf("report line is not JSON: %v\n%s", err, sc.Text())
		}
		for _, r := range rep.Redefinitions {
			if r.Target == target && r.Replacement == replacement {
				if r.Status != "applied" {
					t.Errorf("%s = %s: status %s (%s)", target, replacement, r.Status, r.Error)
				}
				return
			}
		}
	}
	t.Errorf("report %s has no %s = %s", path, target, replacement)
}

// TestStartupFailure: a redefinition the engine refuses stops the program
// with exit status 3 and the directive's position, unless
// REDEFINE_ON_ERROR=continue; redefine run passes the program's own exit
// status through (go run would turn both into 1).
func TestStartupFailure(t *testing.T) {
	realEngine(t)
	dir := fixture(t, "fail3")
	r := redefine(t, dir, nil, "run", ".", "--", "7")
	want := filepath.Join(dir, "redefine_cpu.go") + ":5:1: redefine runtime.NumCPU: "
	if r.code != 3 || r.stdout != "" || !strings.Contains(r.stderr, want) {
		t.Errorf("exit %d, stdout %q, stderr:\n%s\nwant exit 3 and %q", r.code, r.stdout, r.stderr, want)
	}
	r = redefine(t, dir, []string{"REDEFINE_ON_ERROR=continue"}, "run", ".", "--", "7")
	if r.code != 7 || !strings.HasPrefix(r.stdout, "ran ") {
		t.Errorf("with REDEFINE_ON_ERROR=continue: exit %d, stdout %q\n%s", r.code, r.stdout, r.stderr)
	}
}

// TestDuplicateStrategyUnderQemu: the command with the engine's duplicate
// strategy (the darwin/arm64 route, forced on linux/arm64) end to end:
// programs built for linux/arm64 run under qemu-aarch64-static through the
// go command's -exec, which redefine run and test honour.
func TestDuplicateStrategyUnderQemu(t *testing.T) {
	realEngine(t)
	qemu, err := exec.LookPath("qemu-aarch64-static")
	need(t, err == nil, "qemu-aarch64-static (scripts/setup.sh installs it)")
	env := []string{"GOARCH=arm64", "CGO_ENABLED=0", "REDEFINE_STRATEGY=duplicate"}

	dir := fixture(t, "seed")
	report := filepath.Join(t.TempDir(), "report.jsonl")
	r := redefine(t, dir, append(env, "REDEFINE_REPORT="+report), "run", "-exec", qemu, ".")
	if r.code != 0 || strings.TrimSpace(r.stdout) != "5:00PM" {
		t.Fatalf("run: exit %d, output %q\n%s", r.code, r.stdout, r.stderr)
	}
	data, _ := os.ReadFile(report)
	if !strings.Contains(string(data), `"goarch":"arm64","strategy":"duplicate"`) || !strings.Contains(string(data), `"status":"applied"`) {
		t.Errorf("report: %s", data)
	}

	dir = fixture(t, "frozen")
	r = redefine(t, dir, env, "test", "-exec", qemu, "-count=1", ".")
	if r.code != 0 {
		t.Errorf("test: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}

	dir = fixture(t, "original")
	r = redefine(t, dir, env, "run", "-exec", qemu, ".")
	if want := strconv.Itoa(time.Now().Year() - 10); r.code != 0 || strings.TrimSpace(r.stdout) != want {
		t.Errorf("run (//redefine:original): exit %d, output %q, want %s\n%s", r.code, r.stdout, want, r.stderr)
	}
}

// TestOriginalDirective: a replacement reaches the original through a
// //redefine:original stand-in, without importing the engine.
func TestOriginalDirective(t *testing.T) {
	realEngine(t)
	dir := fixture(t, "original")
	report := filepath.Join(t.TempDir(), "report.jsonl")
	r := redefine(t, dir, []string{"REDEFINE_REPORT=" + report}, "run", ".")
	if want := strconv.Itoa(time.Now().Year() - 10); r.code != 0 || strings.TrimSpace(r.stdout) != want {
		t.Errorf("exit %d, output %q, want %s (the real year less ten)\n%s", r.code, r.stdout, want, r.stderr)
	}
	checkReport(t, report, "main.realNow", "original of time.Now")
}

// TestInitOrder: a package initialiser that reads the clock already sees the
// redefinition (see importFiles in internal/inject).
func TestInitOrder(t *testing.T) {
	realEngine(t)
	// initorder: a package of the module; initdeps: a dependency module
	// under github.com/... (a local replacement), whose path sorts before
	// goredefine.dev/... too.
	for _, name := range []string{"initorder", "initdeps"} {
		dir := fixture(t, name)
		r := redefine(t, dir, nil, "run", ".")
		if r.code != 0 || strings.TrimSpace(r.stdout) != "5:00PM" {
			t.Errorf("%s: exit %d, output %q (want 5:00PM read by a package initialiser)\n%s", name, r.code, r.stdout, r.stderr)
		}
	}
}

// TestCacheSeesEdits: the directives' analysis kept between builds
// (internal/inject/cache.go) is never used after a file changed.
func TestCacheSeesEdits(t *testing.T) {
	realEngine(t)
	dir := fixture(t, "seed")
	r := redefine(t, dir, []string{"REDEFINE_DEBUG=timing"}, "run", ".")
	if r.code != 0 || strings.TrimSpace(r.stdout) != "5:00PM" {
		t.Fatalf("exit %d, output %q\n%s", r.code, r.stdout, r.stderr)
	}
	r = redefine(t, dir, []string{"REDEFINE_DEBUG=timing"}, "run", ".")
	if !strings.Contains(r.stderr, "directives (cached)") || strings.TrimSpace(r.stdout) != "5:00PM" {
		t.Errorf("second run did not use the cache: output %q\n%s", r.stdout, r.stderr)
	}
	// The directive goes: the program must show the real clock again.
	file := filepath.Join(dir, "redefine_now.go")
	data, _ := os.ReadFile(file)
	os.WriteFile(file, []byte(strings.Replace(string(data), "//redefine:func", "// was redefine:func", 1)), 0o644)
	r = redefine(t, dir, []string{"REDEFINE_DEBUG=timing"}, "run", ".")
	if strings.Contains(r.stderr, "directives (cached)") || strings.TrimSpace(r.stdout) == "5:00PM" && time.Now().Format(time.Kitchen) != "5:00PM" {
		t.Errorf("after removing the directive: output %q\n%s", r.stdout, r.stderr)
	}
}

// TestRedefinedFunctionsLeaveTheEngineAlone: a program that redefines
// os.Getenv, os.OpenFile, fmt.Fprintf and time.Now, built and run by the
// command, still gets its report where REDEFINE_REPORT says, and every
// redefinition reported applied: neither the engine nor the code the command
// injects runs a redefined function for its own work (issue 16).
func TestRedefinedFunctionsLeaveTheEngineAlone(t *testing.T) {
	realEngine(t)
	dir := fixture(t, "hijack")
	report := filepath.Join(t.TempDir(), "report.jsonl")
	r := redefine(t, dir, []string{"REDEFINE_REPORT=" + report}, "run", ".")
	if r.code != 0 || strings.TrimSpace(r.stdout) != "true no files 2026" {
		t.Fatalf("exit %d, output %q\n%s", r.code, r.stdout, r.stderr)
	}
	for _, target := range []string{"os.Getenv", "os.OpenFile", "fmt.Fprintf", "time.Now"} {
		repl := map[string]string{"os.Getenv": "main.noEnv", "os.OpenFile": "main.noFiles", "fmt.Fprintf": "main.silent", "time.Now": "main.fixedNow"}[target]
		checkReport(t, report, target, repl)
	}
}

// TestNamesAsWritten: a directive that names a main package's function by
// its import path (as Redefine Function writes it) is reported in that form,
// not as the runtime's main.label: people see one name (issue 16).
func TestNamesAsWritten(t *testing.T) {
	realEngine(t)
	dir := fixture(t, "written")
	report := filepath.Join(t.TempDir(), "report.jsonl")
	r := redefine(t, dir, []string{"REDEFINE_REPORT=" + report}, "run", ".")
	if r.code != 0 || strings.TrimSpace(r.stdout) != "fake" {
		t.Fatalf("exit %d, output %q\n%s", r.code, r.stdout, r.stderr)
	}
	checkReport(t, report, "example.com/written.label", "main.fakeLabel")
	r = redefine(t, dir, nil, "list")
	if !strings.Contains(r.stdout, "example.com/written.label = main.fakeLabel") {
		t.Errorf("redefine list: %s%s", r.stdout, r.stderr)
	}
}
