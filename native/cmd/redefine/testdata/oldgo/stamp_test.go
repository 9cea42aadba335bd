package oldgo

import (
	"os"
	"strings"
	"testing"
	"time"
)

//redefine:func time.Now
func fivePM() time.Time {
	return time.Date(2026, 1, 30, 17, 0, 0, 0, time.UTC)
}

// TestSharedLoopVariable holds with go 1.16 semantics only: from go 1.22
// each iteration has its own i.
func TestSharedLoopVariable(t *testing.T) {
	var fs []func() int
	for i := 0; i < 3; i++ {
		fs = append(fs, func() int { return i })
	}
	if got := fs[0](); got != 3 {
		t.Fatalf("the first closure sees i = %d: per-iteration loop variables, not the go 1.16 semantics this module declares", got)
	}
}

// TestGODEBUGDefaults: a module that declares go 1.16 runs with panicnil=1
// (panic(nil) is recovered as nil), the default of Go releases before 1.21.
func TestGODEBUGDefaults(t *testing.T) {
	if strings.Contains(os.Getenv("GODEBUG"), "panicnil") {
		t.Skip("GODEBUG sets panicnil")
	}
	got := func() (r interface{}) {
		defer func() { r = recover() }()
		panic(nil)
	}()
	if got != nil {
		t.Fatalf("recover() = %v: the GODEBUG defaults are not those of go 1.16", got)
	}
}

func TestStamp(t *testing.T) {
	if testing.Short() {
		t.Skip("go test runs it with the real clock")
	}
	if got := Stamp(); got != "5:00PM" {
		t.Fatalf("Stamp() = %s, want 5:00PM (the redefined clock)", got)
	}
}
