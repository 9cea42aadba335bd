package redefine

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// The debugger strategy with a real debugger runs in the debug adapter's
// tests (test/adapter/debugger.test.ts: Delve writes the code, and the
// scenario table of this package runs under it). Here: what it does
// without one, and the pieces it is made of.

// TestDebuggerChild is the program under test of TestDebuggerStrategyWithoutDebugger.
func TestDebuggerChild(t *testing.T) {
	switch os.Getenv("REDEFINE_TEST_DEBUGGER_CHILD") {
	case "":
		t.Skip("run by TestDebuggerStrategyWithoutDebugger")
	case "func":
		err := Func(strings.ToUpper, func(s string) string { return "upper:" + s })
		os.Stdout.WriteString("error: " + errString(err) + "\n")
		os.Stdout.WriteString("unsupported: " + boolString(errors.Is(err, ErrUnsupported)) + "\n")
		os.Stdout.WriteString("result: " + strings.ToUpper("x") + "\n")
	case "startup":
		applyAtStartup([]startupEntry{{Target: "strings.ToUpper", Replacement: startupPkg + "startupUpper", Pos: "/src/redefine_x.go:3:1"}})
		os.Stdout.WriteString("result: " + strings.ToUpper("x") + "\n")
	}
}

func errString(err error) string {
	if err == nil {
		return "<nil>"
	}
	return err.Error()
}

func boolString(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// TestDebuggerStrategyWithoutDebugger: without a debugger the strategy
// fails at once with an error that says what to do, writes nothing and
// never waits.
func TestDebuggerStrategyWithoutDebugger(t *testing.T) {
	if tracer, err := tracerPID(); err != nil || tracer != 0 {
		t.Skipf("this test runs under a debugger (tracer %d, %v)", tracer, err)
	}
	for _, tc := range []struct {
		mode, status string
		want         []string
	}{
		{"func", "0", []string{"error: redefine: REDEFINE_STRATEGY=debugger has the debugger write the program's code", "no debugger is attached", "unsupported: true", "result: X"}},
		{"startup", "3", []string{"/src/redefine_x.go:3:1: redefine strings.ToUpper: REDEFINE_STRATEGY=debugger has the debugger write", "no debugger is attached"}},
	} {
		t.Run(tc.mode, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run=^TestDebuggerChild$", "-test.v")
			if emu := os.Getenv("REDEFINE_TEST_EXEC"); emu != "" {
				cmd = exec.Command(emu, append([]string{os.Args[0]}, cmd.Args[1:]...)...)
			}
			cmd.Env = append(os.Environ(), "REDEFINE_STRATEGY=debugger", "REDEFINE_TEST_DEBUGGER_CHILD="+tc.mode)
			var buf bytes.Buffer
			cmd.Stdout, cmd.Stderr = &buf, &buf
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			timer := time.AfterFunc(30*time.Second, func() { _ = cmd.Process.Kill() })
			err := cmd.Wait()
			out := buf.Bytes()
			if !timer.Stop() {
				t.Fatalf("the program did not end within 30s:\n%s", out)
			}
			status := "0"
			var exit *exec.ExitError
			if errors.As(err, &exit) {
				status = strings.TrimPrefix(exit.ProcessState.String(), "exit status ")
			}
			if status != tc.status {
				t.Errorf("exit status %s, want %s\n%s", status, tc.status, out)
			}
			for _, w := range tc.want {
				if !strings.Contains(string(out), w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
		})
	}
}

// TestExecutableCodeMatchesMemory: the executable holds the code the
// program runs, wherever it was loaded (run with -buildmode=pie too), but
// for the breakpoints of a debugger that runs the test.
func TestExecutableCodeMatchesMemory(t *testing.T) {
	for _, name := range []string{"strings.ToUpper", "goredefine.dev/redefine.debuggerHandoff", "main.main"} {
		tg, err := lookupName(name)
		if err != nil {
			t.Fatal(err)
		}
		want := bytesAt(tg.entry, tg.end-tg.entry)
		got, err := executableCode(tg.entry, tg.end-tg.entry)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !bytes.Equal(got, want) && !sameButTraps(want, got) {
			t.Errorf("%s: the executable holds % x, memory % x", name, got, want)
		}
	}
}

// TestTrapsAreTolerated: where a debugger keeps breakpoints, the code still
// counts as the same; any other difference does not.
func TestTrapsAreTolerated(t *testing.T) {
	code := []byte{0x49, 0x3b, 0x66, 0x10, 0x76, 0x2f, 0x55, 0x48, 0x89, 0xe5}
	withTrap := append([]byte(nil), code...)
	withTrap[6] = 0xcc
	changed := append([]byte(nil), code...)
	changed[6] = 0x90
	a64 := []byte{0x90, 0x0b, 0x40, 0xf9, 0xff, 0x63, 0x30, 0xeb} // MOVD 16(g), R16; CMP
	a64Delve := append([]byte{0x00, 0x00, 0x20, 0xd4}, a64[4:]...)
	a64Debugserver := append([]byte{0x00, 0x00, 0x3e, 0xd4}, a64[4:]...) // BRK #0xf000
	a64Changed := append([]byte{0x1f, 0x20, 0x03, 0xd5}, a64[4:]...)     // NOP
	for _, tc := range []struct {
		name      string
		arch      *archInfo
		mem, want []byte
		same      bool
	}{
		{"amd64 equal", amd64Arch, code, code, true},
		{"amd64 INT3", amd64Arch, withTrap, code, true},
		{"amd64 changed", amd64Arch, changed, code, false},
		{"amd64 INT3 expected, other byte found", amd64Arch, changed, withTrap, false},
		{"arm64 Delve's BRK", arm64Arch, a64Delve, a64, true},
		{"arm64 debugserver's BRK", arm64Arch, a64Debugserver, a64, true},
		{"arm64 changed", arm64Arch, a64Changed, a64, false},
		{"arm64 a trap byte alone is no trap", arm64Arch, append([]byte{0xcc}, a64[1:]...), a64, false},
	} {
		if got := sameButTrapsOn(tc.arch, tc.mem, tc.want); got != tc.same {
			t.Errorf("%s: sameButTraps = %v, want %v", tc.name, got, tc.same)
		}
	}
}
