package redefine

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unsafe"
)

// Scopes: redefinitions seen only by some goroutines.
//
// A scope is the goroutine that opens it and every goroutine started from
// it afterwards, transitively. Go does not say which goroutine started
// which, but the runtime copies one thing from a goroutine to every
// goroutine it starts: its profiler label set (runtime.newproc1). Opening a
// scope gives the calling goroutine a label set of its own, the one it had
// plus "redefine.scope"; every goroutine started from it from then on
// carries that same set, and the dispatcher compares label sets by address.
// Nothing in the runtime is patched, and profiles show the scope as a label.
//
// What escapes a scope: work handed to goroutines started before it was
// opened or outside it (worker pools, a server started in TestMain), and
// goroutines that replace their label set (pprof.SetGoroutineLabels,
// pprof.Do) leave it for as long as they hold the other set.
//
// Scopes nest: a scope opened inside another (a subtest's ForTest inside its
// parent's) sees the outer scope's redefinitions of targets it does not
// redefine itself. After a scope ends, its goroutines that are still running
// see what the goroutines of the enclosing scope see.

// scopeLabel is the profiler label that marks a scope's goroutines.
const scopeLabel = "redefine.scope"

type scope struct {
	labels   unsafe.Pointer // the label set of the scope's goroutines
	previous unsafe.Pointer // the opening goroutine's label set before
	parent   *scope
	// layers holds the scope's redefinitions by target, in the order they
	// were made; the last one is in force.
	layers map[redefKey][]*funcval
	ended  bool
}

var (
	// scopes holds the live scopes, and the ended ones that still have a
	// live ancestor (their goroutines see the ancestor's redefinitions), by
	// label set. mu guards it.
	scopes = map[unsafe.Pointer]*scope{}
	// scopeCount numbers scopes for their label values.
	scopeCount int
)

// openScope opens a scope for the calling goroutine. mu must be held.
func openScope(name string) *scope {
	scopeCount++
	cur := getProfLabel()
	sc := &scope{previous: cur, parent: scopes[cur], layers: map[redefKey][]*funcval{}}
	if name == "" {
		name = strconv.Itoa(scopeCount)
	}
	sc.labels = withLabel(cur, scopeLabel, name)
	scopes[sc.labels] = sc
	setProfLabel(sc.labels)
	// The new scope's goroutines must see what its enclosing scopes
	// redefine: their dispatch states need its label set.
	if s, err := currentStrategyIfReady(); err == nil && s != nil && sc.parent != nil {
		for _, p := range patches {
			for _, in := range p.insts {
				if sc.effective(redefKey{p.t.entry, in.dict}) != nil {
					_ = p.publish(s)
					break
				}
			}
		}
	}
	return sc
}

// effective returns the func value the goroutines of sc run for the target
// key, or nil when neither sc nor an enclosing scope redefines it.
func (sc *scope) effective(key redefKey) *funcval {
	for s := sc; s != nil; s = s.parent {
		if l := s.layers[key]; len(l) > 0 {
			return l[len(l)-1]
		}
	}
	return nil
}

// add redefines t within sc. mu must be held.
func (sc *scope) add(t target, fv *funcval) error {
	if sc.ended {
		return fmt.Errorf("%s: the scope has ended", t.name)
	}
	s, p, _, err := currentPatch(t)
	if err != nil {
		return err
	}
	key := t.key()
	sc.layers[key] = append(sc.layers[key], fv)
	raceRedefined()
	if err := p.publish(s); err != nil {
		l := sc.layers[key]
		sc.layers[key] = l[:len(l)-1]
		_ = p.publish(s)
		return err
	}
	return nil
}

// end removes sc's redefinitions and, if the calling goroutine still
// carries sc's label set, gives it back the one it had. mu must be held.
func (sc *scope) end() error {
	if sc.ended {
		return nil
	}
	sc.ended = true
	touched := sc.layers
	sc.layers = map[redefKey][]*funcval{}
	pruneScopes()
	var errs []error
	if s, err := currentStrategyIfReady(); err == nil && s != nil {
		for key := range touched {
			if p := patches[key.entry]; p != nil {
				errs = append(errs, p.publish(s))
			}
		}
	}
	if getProfLabel() == sc.labels {
		setProfLabel(sc.previous)
	}
	return errors.Join(errs...)
}

// pruneScopes forgets ended scopes without a live ancestor: nothing they
// could pass on remains. mu must be held.
func pruneScopes() {
	for k, sc := range scopes {
		live := false
		for s := sc; s != nil && !live; s = s.parent {
			live = !s.ended
		}
		if !live {
			delete(scopes, k)
		}
	}
}

// Scoped redefines target for the calling goroutine and every goroutine it
// starts from now on, transitively, until end is called; other goroutines
// keep what they see. Each call opens a scope of its own inside the scope
// the goroutine is in, if any. end undoes the redefinition and, called from
// the same goroutine, returns the goroutine to the scope it was in; calling
// it again does nothing. See ForTest for tests, and the package
// documentation for what escapes a scope.
func Scoped[T any](target, replacement T) (end func(), err error) {
	rfv, err := replacementOf(replacement)
	if err != nil {
		return nil, err
	}
	return scoped(byValue(target), rfv)
}

// ScopedByName is Scoped for a function named as ByName names it.
func ScopedByName(name string, replacement any) (end func(), err error) {
	rfv, err := replacementFuncval(name, replacement)
	if err != nil {
		return nil, err
	}
	return scoped(byNameOf(name, replacement, rfv), rfv)
}

// resolver finds the function to redefine. mu must be held to call it.
type resolver func() (target, error)

// byValue resolves a func value (funcTarget).
func byValue[T any](fn T) resolver { return func() (target, error) { return funcTarget(fn) } }

// byNameOf resolves a name and checks the replacement against it
// (namedTarget).
func byNameOf(name string, replacement any, rfv *funcval) resolver {
	return func() (target, error) { return namedTarget(name, replacement, rfv) }
}

// scoped opens a scope and redefines the target resolve returns in it.
func scoped(resolve resolver, rfv *funcval) (func(), error) {
	mu.Lock()
	defer mu.Unlock()
	t, err := resolve()
	if err != nil {
		return nil, fmt.Errorf("redefine: %w", err)
	}
	return openAndAdd(t, rfv)
}

// openAndAdd opens a scope and redefines t in it. mu must be held.
func openAndAdd(t target, rfv *funcval) (func(), error) {
	sc := openScope("")
	err := sc.add(t, rfv)
	if err != nil && !errors.Is(err, ErrInlined) {
		_ = sc.end()
		return nil, fmt.Errorf("redefine: %w", err)
	}
	end := func() {
		mu.Lock()
		defer mu.Unlock()
		_ = sc.end()
	}
	if w := inlinedWarning(t); w != nil {
		return end, fmt.Errorf("redefine: %w", w)
	}
	return end, nil
}

// TB is the part of testing.TB that ForTest uses; *testing.T and
// *testing.B satisfy it. Taking an interface keeps package testing out of
// programs that import the engine.
type TB interface {
	Helper()
	Cleanup(func())
	Fatalf(format string, args ...any)
	Logf(format string, args ...any)
}

// testScopes maps each test that called ForTest to its scope. mu guards it.
var testScopes = map[TB]*scope{}

// ForTest redefines target for the test tb: the test's goroutine (the one
// that calls ForTest) and every goroutine started from it, transitively —
// its subtests, goroutines they start, the goroutines of a server the test
// starts and its handlers. Other tests, parallel or not, goroutines started
// before (in TestMain or init), and the runtime keep seeing what they saw.
// When the test and its subtests finish, the redefinitions end. A ForTest
// inside a test whose target also has a global redefinition (Func, a
// directive) wins in the test.
//
// Calls for the same test share one scope: the last redefinition of a
// target is in force. ForTest fails the test if the redefinition cannot be
// made, and logs when some call sites were inlined.
func ForTest[T any](tb TB, target, replacement T) {
	tb.Helper()
	rfv, err := replacementOf(replacement)
	forTest(tb, err, byValue(target), rfv)
}

// ForTestByName is ForTest for a function named as ByName names it.
func ForTestByName(tb TB, name string, replacement any) {
	tb.Helper()
	rfv, err := replacementFuncval(name, replacement)
	forTest(tb, err, byNameOf(name, replacement, rfv), rfv)
}

// forTest redefines the target resolve returns within tb's scope, unless
// err already says why not, and reports to tb.
func forTest(tb TB, err error, resolve resolver, rfv *funcval) {
	tb.Helper()
	if err == nil {
		mu.Lock()
		var t target
		if t, err = resolve(); err == nil {
			err = testScope(tb).add(t, rfv)
		}
		if err == nil {
			err = inlinedWarning(t)
		}
		mu.Unlock()
	}
	if err == nil {
		return
	}
	msg := "redefine: " + strings.TrimPrefix(err.Error(), "redefine: ")
	if errors.Is(err, ErrInlined) {
		tb.Logf("%s", msg)
		return
	}
	tb.Fatalf("%s", msg)
}

// testScope returns tb's scope, opening it (and arranging for it to end)
// on first use. mu must be held.
func testScope(tb TB) *scope {
	if sc := testScopes[tb]; sc != nil {
		return sc
	}
	name := ""
	if n, ok := tb.(interface{ Name() string }); ok {
		name = n.Name()
	}
	sc := openScope(name)
	testScopes[tb] = sc
	tb.Cleanup(func() {
		mu.Lock()
		defer mu.Unlock()
		delete(testScopes, tb)
		if err := sc.end(); err != nil {
			tb.Logf("redefine: ending the test's redefinitions: %v", err)
		}
	})
	return sc
}
