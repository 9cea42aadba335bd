package redefine

import (
	"errors"
	"fmt"
	"reflect"
	"unsafe"
)

// Func redefines target: every later call of target, from any goroutine,
// runs replacement instead. replacement may be any func value of the same
// type: a top-level function, a method expression, or a closure (its
// captured variables work as usual).
//
// target must be a function or a method expression such as (*T).M; method
// values (x.M), generic instantiations and closures that capture variables
// are refused with an error that says why. Redefining a target again
// replaces the previous replacement; Original still runs the target as it
// was before the first redefinition, and Restore returns to that.
//
// When the compiler inlined target into some callers, those call sites keep
// the original behaviour: Func then applies the redefinition and returns an
// error wrapping ErrInlined that names a few of them. Build with
// -gcflags=all=-l (the redefine command does) to prevent it.
func Func[T any](target, replacement T) error {
	if err := checkFuncType[T]("target"); err != nil {
		return fmt.Errorf("redefine: %w", err)
	}
	tfv, rfv := funcvalOf(target), funcvalOf(replacement)
	if tfv == nil || rfv == nil {
		return fmt.Errorf("redefine: nil target or replacement: %w", ErrNotFunc)
	}
	mu.Lock()
	defer mu.Unlock()
	t, err := targetAt(textPC(tfv.fn))
	if err == nil {
		err = checkTarget(t)
	}
	if err == nil && !isStatic(unsafe.Pointer(tfv)) {
		err = fmt.Errorf("%s is a closure that captures variables; redefining its code would change every closure made by that function literal; redefine a top-level function instead: %w", t.name, ErrUnpatchable)
	}
	if err == nil {
		err = redefine(t, rfv)
	}
	if err == nil {
		err = inlinedWarning(t)
	}
	if err != nil {
		return fmt.Errorf("redefine: %w", err)
	}
	return nil
}

// Original returns a function that behaves as target did before it was
// redefined, for a replacement that wraps the target. Calls the original
// makes still see every redefinition, including of target itself when it
// recurses. When target is not redefined, Original returns target.
func Original[T any](target T) T {
	fv := funcvalOf(target)
	if fv == nil {
		return target
	}
	mu.Lock()
	defer mu.Unlock()
	if p := patches[textPC(fv.fn)]; p != nil && p.active {
		return funcFromFuncval[T](p.original)
	}
	return target
}

// Restore undoes the redefinition of target. It returns an error wrapping
// ErrNotRedefined when target is not redefined.
func Restore[T any](target T) error {
	if err := checkFuncType[T]("target"); err != nil {
		return fmt.Errorf("redefine: %w", err)
	}
	fv := funcvalOf(target)
	if fv == nil {
		return fmt.Errorf("redefine: nil target: %w", ErrNotFunc)
	}
	mu.Lock()
	defer mu.Unlock()
	return restoreEntry(textPC(fv.fn))
}

// restoreEntry restores the function at entry. mu must be held.
func restoreEntry(entry uintptr) error {
	p := patches[entry]
	if p == nil || !p.active {
		name := fmt.Sprintf("function at %#x", entry)
		if t, err := targetAt(entry); err == nil {
			name = t.name
		}
		return fmt.Errorf("redefine: restore %s: %w", name, ErrNotRedefined)
	}
	s, err := currentStrategy()
	if err == nil {
		err = p.deactivate(s)
	}
	if err != nil {
		return fmt.Errorf("redefine: restore %w", err)
	}
	return nil
}

// RestoreAll undoes every redefinition in place.
func RestoreAll() error {
	mu.Lock()
	defer mu.Unlock()
	var errs []error
	for entry, p := range patches {
		if p.active {
			errs = append(errs, restoreEntry(entry))
		}
	}
	return errors.Join(errs...)
}

// ByName redefines the function named name, spelled as runtime.FuncForPC
// prints it: "time.Now", "net/http.(*Client).Do", or an unexported
// "example.com/m/pkg.helper". replacement must be a func whose parameters
// are the target's, with a method's receiver first. Type information for
// arbitrary functions is not kept at run time, so ByName checks what the
// runtime does keep: the size of the arguments (not of the results). An
// unknown name gets an error that suggests the closest names in the program.
func ByName(name string, replacement any) error {
	rv := reflect.ValueOf(replacement)
	if rv.Kind() != reflect.Func || rv.IsNil() {
		return fmt.Errorf("redefine %s: replacement is %T: %w", name, replacement, ErrNotFunc)
	}
	rfv := *(**funcval)(unsafe.Add(unsafe.Pointer(&replacement), unsafe.Sizeof(uintptr(0))))
	mu.Lock()
	defer mu.Unlock()
	if err := byName(name, rfv); err != nil {
		return fmt.Errorf("redefine: %w", err)
	}
	return nil
}

// byName resolves name and redefines it with rfv. mu must be held.
func byName(name string, rfv *funcval) error {
	if isClosureBody(name) {
		// Its code reads captured variables through the closure context,
		// which no name carries: Original could not run it safely.
		return fmt.Errorf("%s is the body of a function literal; redefine the function that creates it: %w", name, ErrUnpatchable)
	}
	t, err := lookupName(name)
	if err != nil {
		return err
	}
	if err := checkFrameSize(t, rfv); err != nil {
		return err
	}
	if err := redefine(t, rfv); err != nil {
		return err
	}
	return inlinedWarning(t)
}

// checkFrameSize compares the argument sizes the runtime records for the
// target and the replacement's code (_func.args counts the parameters only).
func checkFrameSize(t target, rfv *funcval) error {
	i := mainModule.findFunc(textPC(rfv.fn))
	if i < 0 {
		return nil // code outside the table; nothing to compare
	}
	r := mainModule.funcAt(i)
	if got, want := r.f.args, t.fi.f.args; got != want {
		return fmt.Errorf("%s: replacement %s takes %d bytes of arguments, the target %d: "+
			"the signatures differ (a method's receiver is the replacement's first parameter): %w",
			t.name, r.name(), got, want, ErrTypeMismatch)
	}
	return nil
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

// ForTest redefines target for the rest of the test and, when the test and
// its subtests finish, puts back what was there before: the previous
// replacement if target was already redefined (by the parent test, say),
// the original otherwise. It fails the test if the redefinition cannot be
// made, and logs when some call sites were inlined. The redefinition is
// seen by every goroutine: tests that redefine the same function must not
// run in parallel with each other or with tests that need the original.
func ForTest[T any](tb TB, target, replacement T) {
	tb.Helper()
	var previous *funcval
	if fv := funcvalOf(target); fv != nil {
		mu.Lock()
		if p := patches[textPC(fv.fn)]; p != nil && p.active {
			previous = (*funcval)(p.slot.fv)
		}
		mu.Unlock()
	}
	err := Func(target, replacement)
	if err != nil && !errors.Is(err, ErrInlined) {
		tb.Fatalf("%v", err)
		return
	}
	if err != nil {
		tb.Logf("%v", err)
	}
	tb.Cleanup(func() {
		var err error
		if previous != nil {
			err = Func(target, funcFromFuncval[T](previous))
		} else {
			err = Restore(target)
		}
		if err != nil && !errors.Is(err, ErrInlined) {
			tb.Fatalf("%v", err)
		}
	})
}
