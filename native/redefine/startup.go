package redefine

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"runtime"
	"strings"
)

// Programs built by the redefine command apply their redefinitions at start
// up: the command adds a file to this package (through -overlay) whose init
// calls applyAtStartup with the directives it found. This package imports
// nothing of the user's, so its init runs before any user package is
// initialised. See ARCHITECTURE.md for the contract.

// startupEntry is one redefinition named by symbols; Pos is the directive's
// file:line:col.
type startupEntry struct {
	Target, Replacement, Pos string
}

// startupOriginals are the //redefine:original stand-ins of a build, set by
// the generated file before it calls applyAtStartup: after the
// redefinitions, each entry's Target (a function of the user's, with the
// signature of Replacement) is made to run Replacement's original, so that
// a directive's replacement can call the original without importing this
// package.
var startupOriginals []startupEntry

// startupReport is what REDEFINE_REPORT receives, one JSON object per line, from
// every program that applied redefinitions at start up.
type startupReport struct {
	PID           int            `json:"pid"`
	Executable    string         `json:"executable"`
	GoVersion     string         `json:"goVersion"`
	GOOS          string         `json:"goos"`
	GOARCH        string         `json:"goarch"`
	Strategy      string         `json:"strategy"`
	Redefinitions []reportedFunc `json:"redefinitions"`
}

// reportedFunc is the outcome of one redefinition.
type reportedFunc struct {
	Target      string   `json:"target"`
	Replacement string   `json:"replacement"`
	Pos         string   `json:"pos"`
	Status      string   `json:"status"` // applied, failed or skipped
	Error       string   `json:"error"`
	InlinedInto []string `json:"inlinedInto"`
}

// Environment variables of start-up redefinition.
const (
	reportEnv  = "REDEFINE_REPORT"   // append the report to this file
	onErrorEnv = "REDEFINE_ON_ERROR" // "continue" runs on after a failure
)

// exitStatusFailed is the exit status of a program whose redefinitions
// failed at start up.
const exitStatusFailed = 3

func applyAtStartup(entries []startupEntry) {
	rep := startupReport{PID: os.Getpid(), GoVersion: runtime.Version(), GOOS: runtime.GOOS, GOARCH: runtime.GOARCH}
	rep.Executable, _ = os.Executable()
	failed := false
	n := len(entries)
	for i, e := range append(entries, startupOriginals...) {
		var r reportedFunc
		if i < n {
			r = applyEntry(e)
		} else {
			r = applyOriginalEntry(e)
		}
		if r.Status == "failed" {
			failed = true
			fmt.Fprintf(os.Stderr, "%s: redefine %s: %s\n", e.Pos, e.Target, r.Error)
		}
		for _, site := range r.InlinedInto {
			fmt.Fprintf(os.Stderr, "%s: warning: %s was inlined into %s; that call keeps the original\n", e.Pos, e.Target, site)
		}
		rep.Redefinitions = append(rep.Redefinitions, r)
	}
	if name, err := StrategyName(); err == nil {
		rep.Strategy = name
	}
	if path := os.Getenv(reportEnv); path != "" {
		if err := appendReport(path, rep); err != nil {
			fmt.Fprintf(os.Stderr, "redefine: writing the report to %s=%s: %v\n", reportEnv, path, err)
		}
	}
	if failed && os.Getenv(onErrorEnv) != "continue" {
		fmt.Fprintf(os.Stderr, "redefine: stopping: not every redefinition could be applied (set %s=continue to run anyway)\n", onErrorEnv)
		os.Exit(exitStatusFailed)
	}
}

// applyEntry resolves both names and redefines the target.
func applyEntry(e startupEntry) reportedFunc {
	r := reportedFunc{Target: e.Target, Replacement: e.Replacement, Pos: e.Pos, InlinedInto: []string{}}
	mu.Lock()
	defer mu.Unlock()
	if err := checkLayout(); err != nil {
		r.Status, r.Error = "failed", strings.TrimPrefix(err.Error(), "redefine: ")
		return r
	}
	// Test binaries of other packages carry the same list: an entry whose
	// replacement or target this program does not link is not for it.
	if !hasName(e.Replacement) {
		r.Status, r.Error = "skipped", "the replacement is not linked into this program"
		return r
	}
	if !hasName(e.Target) {
		r.Status, r.Error = "skipped", "nothing in this program uses the target, so the linker left it out"
		return r
	}
	repl, err := lookupName(e.Replacement)
	if err == nil {
		// A top-level replacement needs no closure context: a func value
		// holding its entry (where it runs now) is enough.
		fn := repl.entry
		if s, serr := currentStrategy(); serr == nil {
			fn = s.codeAddr(fn)
		}
		err = byName(e.Target, &funcval{fn: fn})
	}
	settle(&r, e.Target, err)
	return r
}

// settle records the outcome of redefining target: applied (with the call
// sites that inlined it, which keep the original) or failed.
func settle(r *reportedFunc, target string, err error) {
	switch {
	case errors.Is(err, ErrInlined):
		r.Status = "applied"
		t, _ := lookupName(target)
		r.InlinedInto, _ = inlinedInto(t, 20)
	case err != nil:
		r.Status, r.Error = "failed", strings.TrimPrefix(err.Error(), "redefine: ")
	default:
		r.Status = "applied"
	}
}

// applyOriginalEntry makes the stand-in e.Target run e.Replacement's
// original: the trampoline when Replacement is redefined, its own code
// otherwise.
func applyOriginalEntry(e startupEntry) reportedFunc {
	r := reportedFunc{Target: e.Target, Replacement: "original of " + e.Replacement, Pos: e.Pos, InlinedInto: []string{}}
	mu.Lock()
	defer mu.Unlock()
	if err := checkLayout(); err != nil {
		r.Status, r.Error = "failed", strings.TrimPrefix(err.Error(), "redefine: ")
		return r
	}
	if !hasName(e.Target) {
		r.Status, r.Error = "skipped", "the stand-in is not linked into this program"
		return r
	}
	if !hasName(e.Replacement) {
		r.Status, r.Error = "skipped", "nothing in this program uses the target, so the linker left it out"
		return r
	}
	t, err := lookupName(e.Replacement)
	if err == nil {
		original := &funcval{fn: t.entry}
		if s, serr := currentStrategy(); serr == nil {
			original.fn = s.codeAddr(t.entry)
		}
		if p := patches[t.entry]; p != nil && p.active {
			original = p.original
		}
		err = byName(e.Target, original)
	}
	settle(&r, e.Target, err)
	return r
}

// appendReport appends rep as one line with a single write, so that test
// binaries running in parallel never interleave their lines.
func appendReport(path string, rep startupReport) error {
	line, err := json.Marshal(rep)
	if err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(append(line, '\n'))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
