package redefine

import (
	"encoding/json"
	"runtime"
	"strings"
	"syscall"
)

// Programs built by the redefine command apply their redefinitions at start
// up: the command adds a file to this package (through -overlay) whose init
// calls applyAtStartup with the directives it found. This package imports
// nothing of the user's, so its init runs before any user package is
// initialised. See ARCHITECTURE.md for the contract.
//
// The engine must never run a redefined function for its own work: a
// program may redefine os.Getenv, os.OpenFile, fmt.Fprintf or time.Now. So
// start-up reads its settings, resolves and prepares every redefinition and
// renders what it will print while nothing is redefined yet; then it makes
// the redefinitions take effect, all at the end; and it talks to the system
// only through package syscall, which no program may redefine (funcs.go).

// startupEntry is one redefinition named by symbols; Pos is the directive's
// file:line:col. TargetAs and ReplacementAs are the same functions as the
// user wrote them (a directive may name main.f by its import path): the
// report and the messages use those, so that people see one form.
type startupEntry struct {
	Target, Replacement, Pos string
	TargetAs, ReplacementAs  string
}

// shown returns the names to report: as written, else the runtime's.
func (e startupEntry) shown() (target, replacement string) {
	target, replacement = e.TargetAs, e.ReplacementAs
	if target == "" {
		target = e.Target
	}
	if replacement == "" {
		replacement = e.Replacement
	}
	return target, replacement
}

// startupOriginals are the //redefine:original stand-ins of a build, set by
// the generated file before it calls applyAtStartup: each entry's Target (a
// function of the user's, with the signature of Replacement) is made to run
// Replacement's original, so that a directive's replacement can call the
// original without importing this package.
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

// startupSettings are read before anything is redefined.
type startupSettings struct {
	report    string
	keepGoing bool
}

func readStartupSettings() startupSettings {
	return startupSettings{report: getenv(reportEnv), keepGoing: getenv(onErrorEnv) == "continue"}
}

func applyAtStartup(entries []startupEntry) {
	settings := readStartupSettings()
	rep := startupReport{PID: syscall.Getpid(), Executable: executablePath(), GoVersion: runtime.Version(), GOOS: runtime.GOOS, GOARCH: runtime.GOARCH}
	if name, err := StrategyName(); err == nil {
		rep.Strategy = name
	}

	// Prepare every redefinition; nothing takes effect yet.
	mu.Lock()
	var prepared []*startupPlan
	for _, e := range entries {
		prepared = append(prepared, prepareEntry(e))
	}
	for _, e := range startupOriginals {
		prepared = append(prepared, prepareOriginal(e))
	}
	entries = append(entries[:len(entries):len(entries)], startupOriginals...)
	failed := false
	for _, p := range prepared {
		failed = failed || p.report.Status == "failed"
	}
	mu.Unlock()
	stop := failed && !settings.keepGoing

	// Render what will be printed, as if everything takes effect.
	out, line := renderStartup(entries, prepared, rep, stop)
	if !stop {
		// Take effect, all at the end: the first redefinition of, say,
		// fmt.Sprintf must not run while the engine still formats
		// messages. Should one fail (the system refusing to make code
		// writable), the others are undone when the program stops, and
		// the messages rendered again.
		mu.Lock()
		late := false
		for _, p := range prepared {
			ok := p.report.Status == "applied"
			p.apply()
			late = late || ok && p.report.Status == "failed"
		}
		if late && !settings.keepGoing {
			for _, p := range prepared {
				if p.report.Status == "applied" {
					_ = setGlobal(p.t, nil)
				}
			}
		}
		mu.Unlock()
		if late {
			failed, stop = true, !settings.keepGoing
			out, line = renderStartup(entries, prepared, rep, stop)
		}
	}
	writeStderr(out)
	if settings.report != "" {
		if err := appendFile(settings.report, line); err != nil {
			writeStderr("redefine: writing the report to " + reportEnv + "=" + settings.report + ": " + err.Error() + "\n")
		}
	}
	if stop {
		// Nothing the program redefined is in effect, so os.Exit is the
		// real one and runs the runtime's exit hooks (coverage counters,
		// the race detector's report).
		exitNow(exitStatusFailed)
	}
}

// renderStartup renders the standard error output and the report line.
func renderStartup(entries []startupEntry, prepared []*startupPlan, rep startupReport, stop bool) (string, []byte) {
	// A list even when empty: readers (contracts/report.ts) want one.
	rep.Redefinitions = make([]reportedFunc, 0, len(prepared))
	for _, p := range prepared {
		rep.Redefinitions = append(rep.Redefinitions, p.report)
	}
	out := startupMessages(entries, rep.Redefinitions)
	if stop {
		out += "redefine: stopping: not every redefinition could be applied (set " + onErrorEnv + "=continue to run anyway)\n"
	}
	line, err := json.Marshal(rep)
	if err != nil {
		line = []byte(`{"error":"the report could not be encoded"}`)
	}
	return out, append(line, '\n')
}

// startupPlan is one prepared start-up redefinition.
type startupPlan struct {
	t      target
	fv     *funcval
	report reportedFunc
}

// prepareEntry resolves both names, checks them and builds the target's
// thunk and trampoline. mu must be held.
func prepareEntry(e startupEntry) *startupPlan {
	target, replacement := e.shown()
	p := &startupPlan{report: reportedFunc{Target: target, Replacement: replacement, Pos: e.Pos, InlinedInto: []string{}}}
	fail := func(status string, err error) *startupPlan {
		p.report.Status, p.report.Error = status, strings.TrimPrefix(err.Error(), "redefine: ")
		return p
	}
	if err := checkLayout(); err != nil {
		return fail("failed", err)
	}
	// Test binaries of other packages carry the same list: an entry whose
	// replacement or target this program does not link is not for it.
	if !hasName(e.Replacement) {
		return fail("skipped", errorString("the replacement is not linked into this program"))
	}
	if !hasName(e.Target) {
		return fail("skipped", errorString("nothing in this program uses the target, so the linker left it out"))
	}
	s, err := currentStrategy()
	if err != nil {
		return fail("failed", err)
	}
	repl, err := lookupName(e.Replacement)
	if err != nil {
		return fail("failed", err)
	}
	// A top-level replacement needs no closure context: a func value
	// holding its entry (where it runs now) is enough.
	fv := &funcval{fn: s.codeAddr(repl.entry)}
	t, err := namedTarget(e.Target, nil, fv)
	if err == nil {
		_, _, err = patchFor(s, t)
	}
	if err != nil {
		return fail("failed", err)
	}
	p.t, p.fv = t, fv
	p.report.Status = "applied"
	p.report.InlinedInto, _ = inlinedInto(t, 20)
	return p
}

// prepareOriginal prepares the stand-in e.Target to run e.Replacement's
// original: the trampoline when Replacement is redefined (its patch was
// prepared by then), its own code otherwise. mu must be held.
func prepareOriginal(e startupEntry) *startupPlan {
	standIn, target := e.shown()
	p := &startupPlan{report: reportedFunc{Target: standIn, Replacement: "original of " + target, Pos: e.Pos, InlinedInto: []string{}}}
	fail := func(status string, err error) *startupPlan {
		p.report.Status, p.report.Error = status, strings.TrimPrefix(err.Error(), "redefine: ")
		return p
	}
	if err := checkLayout(); err != nil {
		return fail("failed", err)
	}
	if !hasName(e.Target) {
		return fail("skipped", errorString("the stand-in is not linked into this program"))
	}
	if !hasName(e.Replacement) {
		return fail("skipped", errorString("nothing in this program uses the target, so the linker left it out"))
	}
	s, err := currentStrategy()
	if err != nil {
		return fail("failed", err)
	}
	real, err := lookupName(e.Replacement)
	if err != nil {
		return fail("failed", err)
	}
	if real.inst != nil {
		// A caller of the stand-in leaves no room for the dictionary the
		// shape body may spill (see instance.originalFunc).
		return fail("failed", errorString(e.Replacement+" is a generic instantiation: a //redefine:original stand-in cannot run its original; call redefine.Original(target) from the replacement instead"))
	}
	original := &funcval{fn: s.codeAddr(real.entry)}
	if rp := patches[real.entry]; rp != nil {
		original = rp.original
	}
	t, err := namedTarget(e.Target, nil, original)
	if err == nil {
		_, _, err = patchFor(s, t)
	}
	if err != nil {
		return fail("failed", err)
	}
	p.t, p.fv = t, original
	p.report.Status = "applied"
	p.report.InlinedInto, _ = inlinedInto(t, 20)
	return p
}

// apply makes a prepared redefinition take effect. mu must be held.
func (p *startupPlan) apply() {
	if p.report.Status != "applied" {
		return
	}
	if err := setGlobal(p.t, p.fv); err != nil {
		p.report.Status, p.report.Error = "failed", strings.TrimPrefix(err.Error(), "redefine: ")
		p.report.InlinedInto = []string{}
	}
}

// startupMessages renders the lines start-up prints on standard error.
func startupMessages(entries []startupEntry, reps []reportedFunc) string {
	var b strings.Builder
	for i, r := range reps {
		e := entries[i]
		if r.Status == "failed" {
			b.WriteString(e.Pos + ": redefine " + r.Target + ": " + r.Error + "\n")
		}
		for _, site := range r.InlinedInto {
			b.WriteString(e.Pos + ": warning: " + r.Target + " was inlined into " + site + "; that call keeps the original\n")
		}
	}
	return b.String()
}
