package redefine_test

import (
	"errors"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"goredefine.dev/redefine"
)

// Every misuse returns an error that says what is wrong: never a panic,
// never a silent no-op.
func TestMisuse(t *testing.T) {
	var nilFunc func() int
	captured := 0
	closure := func() int { captured++; return captured }
	tests := []struct {
		name string
		call func() error
		is   error
		says string
	}{
		{"nil target", func() error { return redefine.Func(nilFunc, answer) }, redefine.ErrNotFunc, "nil"},
		{"nil replacement", func() error { return redefine.Func(answer, nilFunc) }, redefine.ErrNotFunc, "nil"},
		{"not a func", func() error { return redefine.Func(1, 2) }, redefine.ErrNotFunc, "has type int"},
		{"restore of a non-func", func() error { return redefine.Restore("x") }, redefine.ErrNotFunc, "has type string"},
		{"restore of nil", func() error { return redefine.Restore(nilFunc) }, redefine.ErrNotFunc, "nil"},
		{"restore of a function never redefined", func() error { return redefine.Restore(greet) }, redefine.ErrNotRedefined, "redefine_test.greet"},
		{"method value", func() error { c := &counter{}; return redefine.Func(c.Get, func() int { return 0 }) }, redefine.ErrUnpatchable, "method expression"},
		{"generic instantiation", func() error { return redefine.Func(generic[int], func(int) int { return 0 }) }, redefine.ErrUnpatchable, "generic"},
		{"closure with captured variables", func() error { return redefine.Func(closure, answer) }, redefine.ErrUnpatchable, "captures variables"},
		{"runtime function", func() error { return redefine.ByName("runtime.GC", func() {}) }, redefine.ErrUnpatchable, "package runtime"},
		{"a package the engine writes code with", func() error {
			return redefine.Func((*sync.Mutex).Lock, func(*sync.Mutex) {})
		}, redefine.ErrUnpatchable, "package sync"},
		{"the engine itself", func() error {
			return redefine.ByName("goredefine.dev/redefine.RestoreAll", func() error { return nil })
		}, redefine.ErrUnpatchable, "itself"},
		{"unknown name", func() error { return redefine.ByName("time.Nw", fixedNow) }, redefine.ErrNotFound, "did you mean time.Now"},
		{"ByName with a non-func", func() error { return redefine.ByName("time.Now", 42) }, redefine.ErrNotFunc, "int"},
		{"ByName with nil", func() error { return redefine.ByName("time.Now", nil) }, redefine.ErrNotFunc, "nil"},
		{"ByName with a replacement of another type", func() error {
			return redefine.ByName("goredefine.dev/redefine_test.greet", func(int, int, int) string { return "" })
		}, redefine.ErrTypeMismatch, signatureMismatch("func(int, int, int) string", "func(string) string")},
		{"ByName with other results (DWARF)", func() error {
			return redefine.ByName("time.Now", func() int { return 1 })
		}, redefine.ErrTypeMismatch, signatureMismatch("func() int", "func() time.Time")},
		{"ByName with a method's receiver of another type (DWARF)", func() error {
			return redefine.ByName("goredefine.dev/redefine_test.(*counter).Get", func(counter) int { return 0 })
		}, redefine.ErrTypeMismatch, signatureMismatch("func(goredefine.dev/redefine_test.counter) int", "func(*goredefine.dev/redefine_test.counter) int")},
		{"closure body by name", func() error {
			return redefine.ByName("goredefine.dev/redefine_test.TestMisuse.func1", func() int { return 0 })
		}, redefine.ErrUnpatchable, "function literal"},
		{"wrapper", func() error {
			return redefine.ByName("goredefine.dev/redefine_test.(*counter).Value", func(*counter) int { return 0 })
		}, redefine.ErrUnpatchable, "wrapper"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if strings.HasSuffix(tc.name, "(DWARF)") && !redefine.HasDWARF() {
				t.Skip("only DWARF describes results and types of the same size; npm test runs this with -ldflags=-w=false too")
			}
			err := tc.call()
			if !errors.Is(err, tc.is) || !strings.Contains(err.Error(), tc.says) {
				t.Fatalf("got %v; want an error wrapping %q that says %q", err, tc.is, tc.says)
			}
		})
	}
	if answer() != 1 || greet("a") != "hello A" {
		t.Fatal("a refused call changed something")
	}
	_ = time.Now
}

// signatureMismatch is what a ByName signature mismatch says: both
// signatures where the test binary has DWARF, the sizes otherwise (npm test
// runs this test both ways).
func signatureMismatch(got, want string) string {
	if !redefine.HasDWARF() {
		return "only the parameters' size could be compared"
	}
	return "the replacement is " + got + ", the target " + want
}

// The strategy is chosen from REDEFINE_STRATEGY when the first redefinition
// is made; a value the engine does not know is refused by name.
func TestStrategySelection(t *testing.T) {
	if v := os.Getenv("REDEFINE_TEST_STRATEGY_CHILD"); v != "" {
		err := redefine.Func(answer, func() int { return 2 })
		if err == nil {
			os.Stdout.WriteString("applied\n")
			return
		}
		os.Stdout.WriteString("error: " + err.Error() + "\n")
		return
	}
	for value, want := range map[string]string{
		"bogus":   `REDEFINE_STRATEGY="bogus": want auto, inplace, duplicate or debugger`,
		"inplace": "applied",
		"auto":    map[bool]string{true: "applied", false: "applied"}[true],
	} {
		cmd := selfCommand("-test.run=^TestStrategySelection$")
		cmd.Env = append(os.Environ(), "REDEFINE_TEST_STRATEGY_CHILD=1", "REDEFINE_STRATEGY="+value)
		out, err := cmd.CombinedOutput()
		if err != nil || !strings.Contains(string(out), want) {
			t.Errorf("REDEFINE_STRATEGY=%s: got %v\n%s\nwant %q", value, err, out, want)
		}
	}
}

// ByName accepts replacements whose types match exactly, however they are
// spelled: composite, variadic and method types.
func TestByNameAcceptsMatchingSignatures(t *testing.T) {
	for name, repl := range map[string]any{
		"fmt.Sprintf": func(format string, args ...any) string { return "x" },
		"goredefine.dev/redefine_test.(*counter).Get": func(*counter) int { return 5 },
		"goredefine.dev/redefine_test.counter.Value":  func(counter) int { return 6 },
		"goredefine.dev/redefine_test.compositeArgs": func(map[string][]*counter, chan<- error, func(int) (bool, error), [2]byte, struct{ A int }) (<-chan struct{}, any) {
			return nil, nil
		},
		"strings.Repeat": func(string, int) string { return "" },
	} {
		if err := redefine.ByName(name, repl); err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if err := redefine.RestoreAll(); err != nil {
			t.Fatal(err)
		}
	}
	compositeArgs(nil, nil, nil, [2]byte{}, struct{ A int }{})
}

//go:noinline
func compositeArgs(map[string][]*counter, chan<- error, func(int) (bool, error), [2]byte, struct{ A int }) (<-chan struct{}, any) {
	return nil, nil
}
