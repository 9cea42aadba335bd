package redefine

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Replacements for the start-up tests, named as the command would name them.

func startupUpper(s string) string { return "upper:" + s }
func startupRepeat(a int) int      { return 0 }

// Replacements of what the engine itself could be tempted to call. The
// engine's settings read through os.Getenv would send its report to
// /dev/full; the test binary's own settings (GOCOVERDIR) stay real.
func startupGetenv(key string) string {
	if strings.HasPrefix(key, "REDEFINE_") {
		return "/dev/full"
	}
	return Original(os.Getenv)(key)
}

// The report's file cannot be opened through os.OpenFile, and nothing
// reaches standard error through fmt.Fprintf; the rest works (the test
// binary writes its coverage through them).
func startupOpenFile(name string, flag int, perm os.FileMode) (*os.File, error) {
	if report, _ := syscall.Getenv("REDEFINE_REPORT"); name == report {
		return nil, errors.New("redefined os.OpenFile")
	}
	return Original(os.OpenFile)(name, flag, perm)
}
func startupFprintf(w io.Writer, format string, a ...any) (int, error) {
	if w == os.Stderr {
		return 0, nil
	}
	return Original(fmt.Fprintf)(w, format, a...)
}
func startupNow() time.Time { return time.Unix(0, 0) }

// A replacement of one generic instantiation, and a type whose slices share
// its shape.
func startupInsert(s []int, i int, v ...int) []int { return []int{-1} }

type startupInts []int

const startupPkg = "goredefine.dev/redefine."

// startupKeep keeps the replacements linked, as the command's generated
// keep file does: the linker drops functions nothing refers to.
var startupKeep []any

func init() {
	// The command keeps an instantiation's wrapper too, by naming it.
	startupKeep = []any{startupUpper, startupRepeat, startupGetenv, startupOpenFile, startupFprintf, startupNow, startupInsert, slices.Insert[[]int, int]}
}

// TestStartupChild is the program under test: it applies the entries the
// parent put in the environment, then prints what strings.ToUpper does.
func TestStartupChild(t *testing.T) {
	raw := os.Getenv("REDEFINE_TEST_STARTUP")
	if raw == "" {
		t.Skip("run by TestApplyAtStartup")
	}
	var entries []startupEntry
	if err := json.Unmarshal([]byte(raw), &entries); err != nil {
		t.Fatal(err)
	}
	applyAtStartup(entries)
	os.Stdout.WriteString("result: " + strings.ToUpper("x") + "\n")
	fmt.Println("generic:", slices.Insert([]int{1}, 0, 2), slices.Insert(startupInts{1}, 0, 2))
}

func TestApplyAtStartup(t *testing.T) {
	good := startupEntry{Target: "strings.ToUpper", Replacement: startupPkg + "startupUpper", Pos: "/src/redefine_x.go:3:1"}
	skipped := startupEntry{Target: "strings.ToUpper", Replacement: "example.com/other.notLinked", Pos: "/src/other.go:9:1"}
	bad := startupEntry{Target: "strings.Repeat", Replacement: startupPkg + "startupRepeat", Pos: "/src/redefine_y.go:7:1"}
	for _, tc := range []struct {
		name       string
		entries    []startupEntry
		env        []string
		wantStatus string // exit status, "0" or "3"
		wantOut    []string
		statuses   []string
	}{
		{"applied", []startupEntry{good}, nil, "0", []string{"result: upper:x"}, []string{"applied"}},
		// A program that redefines only at run time still reports its
		// start, with an empty list (readers want a list, never null).
		{"nothing to redefine", []startupEntry{}, nil, "0", []string{"result: X"}, []string{}},
		{"skipped", []startupEntry{skipped}, nil, "0", []string{"result: X"}, []string{"skipped"}},
		{"a generic instantiation", []startupEntry{{Target: "slices.Insert[[]int,int]", Replacement: startupPkg + "startupInsert", Pos: "/src/redefine_g.go:3:1"}},
			nil, "0", []string{"generic: [-1] [2 1]"}, []string{"applied"}},
		{"failed stops the program", []startupEntry{good, bad}, nil, "3",
			[]string{"/src/redefine_y.go:7:1: redefine strings.Repeat:", "signatures differ", "REDEFINE_ON_ERROR=continue"}, []string{"applied", "failed"}},
		{"failed, continue", []startupEntry{bad, good}, []string{"REDEFINE_ON_ERROR=continue"}, "0",
			[]string{"result: upper:x"}, []string{"failed", "applied"}},
		// A directive may name a function another way than the runtime does
		// (example.com/m.f for main.f): the report and messages say it the
		// user's way.
		{"as written", []startupEntry{{Target: bad.Target, Replacement: bad.Replacement, Pos: bad.Pos, TargetAs: "strings.Repeat as written"}},
			[]string{"REDEFINE_ON_ERROR=continue"}, "0", []string{"/src/redefine_y.go:7:1: redefine strings.Repeat as written:"}, []string{"failed"}},
		// The engine reads its settings, writes its report and prints its
		// messages without running any of these.
		{"the engine's own work runs nothing redefined", []startupEntry{
			{Target: "os.Getenv", Replacement: startupPkg + "startupGetenv", Pos: "/src/redefine_env.go:1:1"},
			{Target: "os.OpenFile", Replacement: startupPkg + "startupOpenFile", Pos: "/src/redefine_env.go:2:1"},
			{Target: "fmt.Fprintf", Replacement: startupPkg + "startupFprintf", Pos: "/src/redefine_env.go:3:1"},
			{Target: "time.Now", Replacement: startupPkg + "startupNow", Pos: "/src/redefine_env.go:4:1"},
			good, bad,
		}, nil, "3", []string{"/src/redefine_y.go:7:1: redefine strings.Repeat:", "REDEFINE_ON_ERROR=continue"},
			[]string{"applied", "applied", "applied", "applied", "applied", "failed"}},
		{"the engine's own work runs nothing redefined, continue", []startupEntry{
			{Target: "os.Getenv", Replacement: startupPkg + "startupGetenv", Pos: "/src/redefine_env.go:1:1"},
			{Target: "os.OpenFile", Replacement: startupPkg + "startupOpenFile", Pos: "/src/redefine_env.go:2:1"},
			{Target: "fmt.Fprintf", Replacement: startupPkg + "startupFprintf", Pos: "/src/redefine_env.go:3:1"},
			{Target: "time.Now", Replacement: startupPkg + "startupNow", Pos: "/src/redefine_env.go:4:1"},
			good, bad,
		}, []string{"REDEFINE_ON_ERROR=continue"}, "0", []string{"/src/redefine_y.go:7:1: redefine strings.Repeat:", "result: upper:x"},
			[]string{"applied", "applied", "applied", "applied", "applied", "failed"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			report := filepath.Join(t.TempDir(), "report.jsonl")
			raw, _ := json.Marshal(tc.entries)
			cmd := exec.Command(os.Args[0], "-test.run=^TestStartupChild$", "-test.v")
			if emu := os.Getenv("REDEFINE_TEST_EXEC"); emu != "" {
				cmd = exec.Command(emu, append([]string{os.Args[0]}, cmd.Args[1:]...)...)
			}
			cmd.Env = append(os.Environ(), append(tc.env, "REDEFINE_TEST_STARTUP="+string(raw), "REDEFINE_REPORT="+report)...)
			out, err := cmd.CombinedOutput()
			status := "0"
			if ee, ok := err.(*exec.ExitError); ok {
				status = string(rune('0' + ee.ExitCode()))
			}
			if status != tc.wantStatus {
				t.Fatalf("exit status %s, want %s:\n%s", status, tc.wantStatus, out)
			}
			for _, w := range tc.wantOut {
				if !strings.Contains(string(out), w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
			data, err := os.ReadFile(report)
			if err != nil {
				t.Fatal(err)
			}
			var rep startupReport
			if err := json.Unmarshal(data, &rep); err != nil || strings.Count(string(data), "\n") != 1 {
				t.Fatalf("report is not one JSON line: %v\n%s", err, data)
			}
			if rep.Strategy == "" || rep.PID == 0 || len(rep.Redefinitions) != len(tc.statuses) || !strings.Contains(string(data), `"redefinitions":[`) {
				t.Fatalf("incomplete report: %s", data)
			}
			for i, s := range tc.statuses {
				if got := rep.Redefinitions[i].Status; got != s {
					t.Errorf("redefinition %d: status %q, want %q (%s)", i, got, s, rep.Redefinitions[i].Error)
				}
				// The report names the target as the user wrote it.
				want, _ := tc.entries[i].shown()
				if got := rep.Redefinitions[i].Target; got != want {
					t.Errorf("redefinition %d: target %q, want %q", i, got, want)
				}
			}
		})
	}
}
