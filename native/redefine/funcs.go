package redefine

import (
	"fmt"
	"reflect"
	"strings"
	"unsafe"
)

// funcval mirrors the runtime's representation of a func value: a pointer
// to this, whose first word is the code address; closures carry their
// captured variables after it.
type funcval struct {
	fn uintptr
}

// funcvalOf returns the funcval pointer inside a func value of type T.
func funcvalOf[T any](fn T) *funcval {
	return *(*(*funcval))(unsafe.Pointer(&fn))
}

// funcvalOfAny returns the funcval pointer of a func value held in an
// interface (its data word).
func funcvalOfAny(fn any) *funcval {
	return *(**funcval)(unsafe.Add(unsafe.Pointer(&fn), unsafe.Sizeof(uintptr(0))))
}

// funcFromFuncval makes a func value of type T from a funcval pointer.
func funcFromFuncval[T any](fv *funcval) T {
	return *(*T)(unsafe.Pointer(&fv))
}

// checkFuncType reports an error unless T is a func type.
func checkFuncType[T any](what string) error {
	t := reflect.TypeOf((*T)(nil)).Elem()
	if t.Kind() != reflect.Func {
		return fmt.Errorf("%s has type %v: %w", what, t, ErrNotFunc)
	}
	return nil
}

// target is a function to redefine, as the module's table knows it.
type target struct {
	idx   int // index in mainModule's function table
	fi    funcInfo
	name  string
	entry uintptr // first instruction
	end   uintptr // next function's entry (includes alignment padding)

	// inst is the instantiation a generic target stands for: the function
	// above is then the shape body every instantiation of that GC shape
	// shares (generic.go). nil for other functions.
	inst *genericInst
}

// redefKey identifies what one redefinition replaces: a function, or one
// instantiation of a shape body (by its dictionary).
type redefKey struct {
	entry, dict uintptr
}

func (t target) key() redefKey {
	if t.inst != nil {
		return redefKey{t.entry, t.inst.dict}
	}
	return redefKey{entry: t.entry}
}

// displayName is the name a user gave the target: an instantiation's, not
// its shape body's.
func (t target) displayName() string {
	if t.inst != nil {
		return t.inst.name
	}
	return t.name
}

// targetAt returns the function whose entry is pc.
func targetAt(pc uintptr) (target, error) {
	md := mainModule
	i := md.findFunc(pc)
	if i < 0 {
		return target{}, fmt.Errorf("code at %#x is not in the program's text: %w", pc, ErrUnpatchable)
	}
	fi := md.funcAt(i)
	t := target{idx: i, fi: fi, name: fi.name(), entry: fi.entry(), end: md.funcEnd(i)}
	if t.entry != pc {
		return target{}, fmt.Errorf("%#x is inside %s, not at its start: %w", pc, t.name, ErrUnpatchable)
	}
	return t, nil
}

// isStatic reports whether p points into the program's static data, where
// the linker puts the func values of top-level functions and of closures
// that capture nothing.
func isStatic(p unsafe.Pointer) bool {
	a := uintptr(p)
	return a >= mainModule.rodata && a < mainModule.end
}

// checkTarget refuses functions that cannot be redefined safely, with the
// reason and what to do instead.
func checkTarget(t target) error {
	name := t.displayName()
	fail := func(format string, args ...any) error {
		return fmt.Errorf("%s: "+format+": %w", append([]any{name}, append(args, ErrUnpatchable)...)...)
	}
	pkg := packageOf(name)
	switch {
	case pkg == "runtime" || strings.HasPrefix(pkg, "runtime/") || strings.HasPrefix(pkg, "internal/"):
		return fail("the engine and the Go runtime depend on package %s; redefining it could deadlock or crash the program", pkg)
	case enginePatchDeps[pkg]:
		return fail("the engine writes code with package %s; redefining it could break every later redefinition", pkg)
	case pkg == enginePackage || strings.HasPrefix(pkg, enginePackage+"/"):
		return fail("the engine cannot redefine itself")
	case strings.HasSuffix(name, "-fm"):
		return fail("this is a method value (x.M); pass the method expression instead, e.g. (*T).M")
	case t.inst == nil && isShapeBody(name):
		return fail("this is the code every instantiation of a generic function with that GC shape shares; " +
			"name one instantiation instead, with its type arguments spelled as in Go source with full import paths (pkg.Max[int], pkg.Max[pkg.MyInt])")
	case t.inst == nil && strings.Contains(name, "["):
		return fail("the compiler did not keep the generic code this instantiation calls in the expected form; redefine a non-generic function that calls it")
	case t.inst == nil && t.fi.f.funcID == funcIDWrapper:
		return fail("this is a wrapper the compiler generated; redefine the function it wraps (for a method with a value receiver, name it T.M, not (*T).M)")
	case t.fi.f.flag&funcFlagAsm != 0:
		return fail("it is written in assembly, which calls and is called with a different convention (ABI0); redefine the Go function that calls it")
	case t.end-t.entry < uintptr(hostArch.minFuncLen):
		return fail("the function is %d bytes long, shorter than the %d bytes a redefinition needs", t.end-t.entry, hostArch.minFuncLen)
	}
	return nil
}

// enginePatchDeps are the packages the engine calls while it writes code.
var enginePatchDeps = map[string]bool{"sync": true, "sync/atomic": true, "syscall": true, "reflect": true, "unsafe": true}

// enginePackage is this package's import path, as symbol names spell it.
var enginePackage = reflect.TypeOf(funcval{}).PkgPath()

// packageOf returns the import path part of a symbol name:
// "net/http.(*Client).Do" → "net/http", "time.Now" → "time",
// "example.com/g.Max[example.com/g.MyInt]" → "example.com/g" (type
// arguments carry import paths of their own).
func packageOf(name string) string {
	if i := strings.IndexByte(name, '['); i >= 0 {
		return packageOf(name[:i])
	}
	slash := strings.LastIndexByte(name, '/')
	dot := strings.IndexByte(name[slash+1:], '.')
	if dot < 0 {
		return name
	}
	return name[:slash+1+dot]
}

// isClosureBody reports whether a symbol name is that of a function literal
// ("pkg.F.func1", "pkg.F.func1.2") or of a go/defer wrapper.
func isClosureBody(name string) bool {
	last := name[strings.LastIndexByte(name, '/')+1:]
	parts := strings.Split(last, ".")
	for _, p := range parts[1:] {
		for _, prefix := range []string{"func", "gowrap", "deferwrap"} {
			if rest, ok := strings.CutPrefix(p, prefix); ok && rest != "" && strings.Trim(rest, "0123456789") == "" {
				return true
			}
		}
	}
	return false
}
