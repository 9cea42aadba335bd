package redefine

import (
	"errors"
	"fmt"
	"reflect"
	"unsafe"
)

// Func redefines target: every later call of target, from any goroutine,
// runs replacement instead, except where a scope (ForTest, Scoped) has a
// redefinition of its own and on the runtime's system stacks, which always
// run the original (see the package documentation). replacement may be any
// func value of the same type: a top-level function, a method expression,
// or a closure (its captured variables work as usual).
//
// target must be a function, a method expression such as (*T).M, or an
// instantiation of a generic function or method (Max[int], (*Box[string]).Get):
// only that instantiation changes, however it is called, and the others
// that share its code run their own. Method values (x.M) and closures that
// capture variables are refused with an error that says why. Redefining a target again
// replaces the previous replacement; Original still runs the target as it
// was before the first redefinition, and Restore returns to that.
//
// When the compiler inlined target into some callers, those call sites keep
// the original behaviour: Func then applies the redefinition and returns an
// error wrapping ErrInlined that names a few of them. Build with
// -gcflags=all=-l (the redefine command does) to prevent it.
func Func[T any](target, replacement T) error {
	rfv, err := replacementOf(replacement)
	if err != nil {
		return err
	}
	mu.Lock()
	defer mu.Unlock()
	t, err := funcTarget[T](target)
	if err == nil {
		err = setGlobal(t, rfv)
	}
	if err == nil {
		err = inlinedWarning(t)
	}
	if err != nil {
		return fmt.Errorf("redefine: %w", err)
	}
	return nil
}

// replacementOf checks that T is a func type and replacement not nil, and
// returns its func value.
func replacementOf[T any](replacement T) (*funcval, error) {
	if err := checkFuncType[T]("target"); err != nil {
		return nil, fmt.Errorf("redefine: %w", err)
	}
	rfv := funcvalOf(replacement)
	if rfv == nil {
		return nil, fmt.Errorf("redefine: nil replacement: %w", ErrNotFunc)
	}
	return rfv, nil
}

// funcTarget resolves a func value to the function to patch (for a generic
// instantiation, the shape body, with the instantiation). mu must be held.
func funcTarget[T any](fn T) (target, error) {
	tfv := funcvalOf(fn)
	if tfv == nil {
		return target{}, fmt.Errorf("nil target: %w", ErrNotFunc)
	}
	t, err := targetAt(textPC(tfv.fn))
	if err == nil {
		t, err = resolveGeneric(t, reflect.TypeOf((*T)(nil)).Elem())
	}
	if err == nil {
		err = checkTarget(t)
	}
	if err == nil && !isStatic(unsafe.Pointer(tfv)) {
		err = fmt.Errorf("%s is a closure that captures variables; redefining its code would change every closure made by that function literal; redefine a top-level function instead: %w", t.displayName(), ErrUnpatchable)
	}
	return t, err
}

// Original returns a function that behaves as target did before it was
// redefined, for a replacement that wraps the target. Calls the original
// makes still see every redefinition, including of target itself when it
// recurses. When target is not redefined, Original returns target.
//
// Original takes no lock and allocates nothing, so a replacement may call it
// on every call. For a generic instantiation, calling what it returns goes
// through reflect and allocates (generic.go says why).
func Original[T any](target T) T {
	fv := funcvalOf(target)
	if fv == nil {
		return target
	}
	if t := originals.Load(); t != nil {
		o := t.lookup(textPC(fv.fn))
		switch {
		case o.p == nil:
		case o.in.inst != nil && o.in.redefined.Load():
			if f, ok := o.in.originalFunc(reflect.TypeOf(target), o.p.original.fn).(T); ok {
				return f
			}
		case o.in.inst == nil && o.p.active.Load():
			return funcFromFuncval[T](o.p.original)
		}
	}
	return target
}

// Restore undoes the global redefinition of target (Func, ByName).
// Redefinitions in scopes stay until their scopes end. It returns an error
// wrapping ErrNotRedefined when target has no global redefinition.
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
	entry := textPC(fv.fn)
	if o, ok := origins[entry]; ok {
		return restoreInstance(o.p, o.in)
	}
	name := fmt.Sprintf("function at %#x", entry)
	if t, err := targetAt(entry); err == nil {
		name = t.name
	}
	return fmt.Errorf("redefine: restore %s: %w", name, ErrNotRedefined)
}

// restoreInstance removes the global redefinition of in. mu must be held.
func restoreInstance(p *patch, in *instance) error {
	if in.global == nil {
		return fmt.Errorf("redefine: restore %s: %w", in.name, ErrNotRedefined)
	}
	t := p.t
	t.inst = in.inst
	if err := setGlobal(t, nil); err != nil {
		return fmt.Errorf("redefine: restore %w", err)
	}
	return nil
}

// RestoreAll undoes every redefinition: the global ones, and those of every
// scope (which end).
func RestoreAll() error {
	mu.Lock()
	defer mu.Unlock()
	var errs []error
	for _, sc := range scopes {
		if !sc.ended {
			errs = append(errs, sc.end())
		}
	}
	for _, p := range patches {
		for _, in := range p.insts {
			if in.global != nil {
				errs = append(errs, restoreInstance(p, in))
			}
		}
	}
	return errors.Join(errs...)
}

// ByName redefines the function named name, spelled as runtime.FuncForPC
// prints it: "time.Now", "net/http.(*Client).Do", or an unexported
// "example.com/m/pkg.helper". replacement must be a func with the target's
// parameters and results, with a method's receiver first. Where the program
// carries DWARF (test binaries and programs built without -ldflags=-w), the
// target's signature is read from it and compared type by type; otherwise
// only the sizes the runtime records are compared, and the error says so.
// An unknown name gets an error that suggests the closest names in the
// program.
func ByName(name string, replacement any) error {
	rfv, err := replacementFuncval(name, replacement)
	if err != nil {
		return err
	}
	mu.Lock()
	defer mu.Unlock()
	if err := byName(name, replacement, rfv); err != nil {
		return fmt.Errorf("redefine: %w", err)
	}
	return nil
}

// replacementFuncval checks that replacement is a non-nil func and returns
// its func value.
func replacementFuncval(name string, replacement any) (*funcval, error) {
	rv := reflect.ValueOf(replacement)
	if rv.Kind() != reflect.Func || rv.IsNil() {
		return nil, fmt.Errorf("redefine %s: replacement is %T: %w", name, replacement, ErrNotFunc)
	}
	return funcvalOfAny(replacement), nil
}

// byName resolves name and redefines it globally with rfv. replacement is
// the value rfv came from (nil when only the func value is known, as for
// start-up redefinitions, whose types the command checked). mu must be held.
func byName(name string, replacement any, rfv *funcval) error {
	t, err := namedTarget(name, replacement, rfv)
	if err != nil {
		return err
	}
	if err := setGlobal(t, rfv); err != nil {
		return err
	}
	return inlinedWarning(t)
}

// namedTarget resolves name and checks the replacement's signature against
// it. mu must be held.
func namedTarget(name string, replacement any, rfv *funcval) (target, error) {
	if isClosureBody(name) {
		// Its code reads captured variables through the closure context,
		// which no name carries: Original could not run it safely.
		return target{}, fmt.Errorf("%s is the body of a function literal; redefine the function that creates it: %w", name, ErrUnpatchable)
	}
	t, err := lookupName(name)
	if err != nil {
		return target{}, err
	}
	var ft reflect.Type
	if replacement != nil {
		ft = reflect.TypeOf(replacement)
	}
	if t, err = resolveGeneric(t, ft); err != nil {
		return target{}, err
	}
	if err := checkTarget(t); err != nil {
		return target{}, err
	}
	sig := t
	if t.inst != nil {
		sig = t.inst.wrapper // an instantiation's signature is its wrapper's
	}
	if err := checkSignature(sig, replacement, rfv); err != nil {
		return target{}, err
	}
	return t, nil
}
