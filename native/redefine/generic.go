package redefine

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"unsafe"
)

// Generic functions.
//
// Go compiles a generic function once per GC shape: Max[int] and
// Max[MyInt] share one body, Max[go.shape.int], which takes the
// instantiation's dictionary (its runtime type information) as an extra
// argument, right after the receiver of a method and before the other
// arguments. A direct call, from any package, passes the dictionary of its
// instantiation; so do calls from other generic code (their dictionaries
// point at the callee's). The func value Max[int], method values and the
// method tables behind interfaces point at a small wrapper per
// instantiation, named as the instantiation is ("pkg.Max[int]",
// "pkg.(*Box[string]).Get"), which loads its dictionary and calls the shape
// body.
//
// So the engine redefines one instantiation by patching the shape body: its
// thunk compares the dictionary argument with those of the redefined
// instantiations (one dictionary, one address, per instantiation: the
// linker keeps one copy). On a match it drops the dictionary, moving the
// integer argument registers after it down by one, and dispatches as for
// any function; otherwise the shape body runs unchanged. Every way of
// calling the instantiation reaches the shape body with its dictionary.
//
// The engine learns the dictionary and the shape body from the wrapper's
// code, so an instantiation can be redefined when its wrapper is linked:
// always when a program names it as a func value (Func, Original), and the
// redefine command makes sure of it for directives. Refused, with a reason:
// an instantiation whose generic code was inlined into its wrapper, one
// whose dictionary is empty (the linker gives every empty dictionary the
// same address, so its calls cannot be told apart from the others'), and
// signatures where dropping the dictionary would move an argument between
// registers and the stack (generic_abi.go).

// genericInst is one instantiation of a generic function or method.
type genericInst struct {
	name    string   // as the linker spells it: example.com/g.Max[example.com/g.MyInt]
	wrapper target   // the instantiation's wrapper
	dict    uintptr  // its dictionary
	regs    dictRegs // where the shape body gets the dictionary
	method  bool     // a method: the dictionary follows the receiver
}

// instCall is what a wrapper's code says: the shape body it calls, the
// dictionary it passes and the register it passes it in.
type instCall struct {
	shape, dict uintptr
	reg         int // the integer argument register it is in
}

// isShapeBody reports whether name is the code of a generic function shared
// by its instantiations of one GC shape ("pkg.Max[go.shape.int]").
func isShapeBody(name string) bool {
	return strings.Contains(name, "[go.shape.") || strings.Contains(name, ",go.shape.")
}

// isInstantiation reports whether name is that of a generic
// instantiation's wrapper ("pkg.Max[int]", "pkg.(*Box[string]).Get").
func isInstantiation(name string) bool {
	return strings.Contains(name, "[") && !isShapeBody(name) && !strings.HasSuffix(name, "-fm")
}

// genericBase removes the type arguments from a symbol name, so that an
// instantiation and its shape body compare equal: "pkg.(*Box[string]).Get"
// and "pkg.(*Box[go.shape.string]).Get" both become "pkg.(*Box[]).Get".
func genericBase(name string) string {
	var b strings.Builder
	depth := 0
	for i := 0; i < len(name); i++ {
		switch c := name[i]; {
		case c == '[':
			if depth == 0 {
				b.WriteByte(c)
			}
			depth++
		case c == ']':
			depth--
			if depth == 0 {
				b.WriteByte(c)
			}
		case depth == 0:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// isMethodName reports whether an instantiation's name is a method's:
// "pkg.(*Box[string]).Get", "pkg.Box[string].Val".
func isMethodName(name string) bool {
	base := genericBase(name)
	rest := strings.TrimPrefix(base, packageOf(base)+".")
	return strings.HasPrefix(rest, "(") || strings.Contains(rest, "].")
}

// wrapperCode is the code of an instantiation's wrapper as built: under the
// debugger strategy it may hold the debugger's breakpoints (an instruction
// breakpoint over the load of the dictionary would hide it).
func wrapperCode(t target) []byte {
	if s, err := currentStrategy(); err == nil {
		return codeOf(s, t.entry, t.end-t.entry)
	}
	return bytesAt(t.entry, t.end-t.entry) // the strategy's error is reported by the caller
}

// resolveGeneric turns the target named by an instantiation's wrapper into
// the shape body it calls, with the instantiation attached. ft is the type
// of the replacement (receiver first), or nil when only its code is known
// (start-up redefinitions, whose types the redefine command checked): the
// dictionary's register is then the one the wrapper passes it in. Other
// targets are returned as they are.
func resolveGeneric(t target, ft reflect.Type) (target, error) {
	if t.inst != nil || !isInstantiation(t.name) {
		return t, nil
	}
	name := t.name
	fail := func(format string, args ...any) (target, error) {
		return target{}, fmt.Errorf("%s: "+format+": %w", append([]any{name}, append(args, ErrUnpatchable)...)...)
	}
	named := t
	named.inst = &genericInst{name: name}
	if err := checkTarget(named); err != nil {
		return target{}, err // the package rules (runtime, the engine's own) apply to instantiations too
	}
	env := &moduleEnv{s: &inplace{}} // the wrapper as the linker wrote it
	call, err := hostArch.instCall(wrapperCode(t), t.entry, env)
	if err != nil {
		return fail("%v", err)
	}
	shape, err := targetAt(call.shape)
	if err != nil {
		return fail("%v", err)
	}
	switch {
	case !isShapeBody(shape.name) && isInstantiation(shape.name):
		return fail("this is the wrapper the compiler generated for calls through a pointer; redefine %s, which it calls", shape.name)
	case !isShapeBody(shape.name) || genericBase(shape.name) != genericBase(name):
		return fail("its wrapper calls %s, not the generic code of %s", shape.name, genericBase(name))
	case call.dict == mainModule.gcdata:
		// The linker lays out symbols of no size first, all at one address,
		// which runtime.gcdata (sized only after layout) shares: checked
		// on every supported release, amd64 and arm64.
		return fail("its dictionary is empty, and every empty dictionary has the same address, " +
			"so calls of this instantiation cannot be told from calls of the others with the same GC shape; " +
			"redefine a non-generic function that calls it")
	case call.dict < mainModule.rodata || call.dict >= mainModule.end:
		return fail("its wrapper passes %#x, which is not a dictionary in the program's data", call.dict)
	}
	// Without the replacement's type (start-up), the registers the
	// arguments use are not known (end 0): every register after the
	// dictionary's moves, unless the shape body is patched already.
	inst := &genericInst{name: name, wrapper: t, dict: call.dict, method: isMethodName(name),
		regs: dictRegs{reg: call.reg}}
	if ft != nil {
		regs, err := dictPlacement(ft, inst.method)
		switch {
		case errors.Is(err, ErrTypeMismatch):
			return target{}, fmt.Errorf("%s: %w", name, err)
		case err != nil:
			return fail("%v", err)
		case regs.reg != call.reg:
			return target{}, fmt.Errorf("%s: the replacement's arguments put the dictionary in integer register %d, but the wrapper passes it in register %d, "+
				"so their signatures differ (a method's receiver is the replacement's first parameter): %w", name, regs.reg, call.reg, ErrTypeMismatch)
		}
		inst.regs = regs
	}
	shape.inst = inst
	return shape, nil
}

// instance is what one function, or one instantiation of a shape body, is
// redefined with. mu guards it.
type instance struct {
	name string
	dict uintptr // 0 for a function that is not generic
	// global is the replacement every goroutine runs, unless a scope it
	// belongs to has its own (scope.go); nil for none.
	global *funcval
	// original is what the thunk runs for a goroutine that nothing
	// redefines: the patch's original, or, for an instantiation, code that
	// puts the dictionary back and runs the trampoline.
	original *funcval
	// redefined tells Original, without a lock, whether anything redefines
	// this instantiation.
	redefined atomic.Bool
	// originals caches, by func type, what Original returns for an
	// instantiation (originalFunc).
	originals sync.Map
	// inst is the instantiation, nil for a function that is not generic.
	inst *genericInst
}

// instanceFor returns the instance of t in p, creating it (and, for an
// instantiation, the code that restores its dictionary) on first use. mu
// must be held.
func (p *patch) instanceFor(s strategy, t target) (*instance, error) {
	key := t.key()
	if in := p.insts[key.dict]; in != nil {
		if t.inst != nil {
			addOrigin(t.inst.wrapper.entry, origin{p, in})
		}
		return in, nil
	}
	in := &instance{name: t.displayName(), dict: key.dict, original: p.original, inst: t.inst}
	if t.inst != nil {
		if t.inst.regs.reg != p.dict.reg || t.inst.regs.end > p.dict.end { // one shape, one layout: never
			return nil, fmt.Errorf("%s: the shape body %s gets its dictionary in integer register %d, this instantiation in %d: %w",
				t.inst.name, p.t.name, p.dict.reg, t.inst.regs.reg, ErrUnpatchable)
		}
		code := hostArch.insertDict(0, t.inst.dict, p.original.fn, *p.dict)
		at, err := allocCode(uintptr(len(code)), []uintptr{p.code}, hostArch.branchReach, nil)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", t.inst.name, err)
		}
		if err := writeGenerated(s, at, hostArch.insertDict(at, t.inst.dict, p.original.fn, *p.dict)); err != nil {
			return nil, fmt.Errorf("%s: %w", t.inst.name, err)
		}
		in.original = &funcval{fn: at}
		addOrigin(t.inst.wrapper.entry, origin{p, in})
	} else {
		addOrigin(t.entry, origin{p, in})
	}
	p.insts[key.dict] = in
	return in, nil
}

// originalFunc returns a func of type ft that runs the instantiation as it
// was. A caller of ft lays out its arguments with no room for the
// dictionary, and the shape body may use that room (its spill area is a
// word longer), so the call goes through reflect, which builds a frame of
// the shape body's size: unlike Original of a plain function, it
// allocates. Built once per type.
func (in *instance) originalFunc(ft reflect.Type, tramp uintptr) any {
	if f, ok := in.originals.Load(ft); ok {
		return f
	}
	at := 0
	if in.inst.method {
		at = 1
	}
	var ins, outs []reflect.Type
	for i := 0; i < ft.NumIn(); i++ {
		if i == at {
			ins = append(ins, reflect.TypeOf(unsafe.Pointer(nil)))
		}
		ins = append(ins, ft.In(i))
	}
	if at == ft.NumIn() {
		ins = append(ins, reflect.TypeOf(unsafe.Pointer(nil)))
	}
	for i := 0; i < ft.NumOut(); i++ {
		outs = append(outs, ft.Out(i))
	}
	fv := &funcval{fn: tramp}
	shape := reflect.NewAt(reflect.FuncOf(ins, outs, ft.IsVariadic()), unsafe.Pointer(&fv)).Elem()
	dict := reflect.ValueOf(addrPtr(in.dict))
	f := reflect.MakeFunc(ft, func(args []reflect.Value) []reflect.Value {
		full := make([]reflect.Value, 0, len(args)+1)
		full = append(append(append(full, args[:at]...), dict), args[at:]...)
		if ft.IsVariadic() {
			return shape.CallSlice(full)
		}
		return shape.Call(full)
	}).Interface()
	f, _ = in.originals.LoadOrStore(ft, f)
	return f
}

// origin is what Original finds for a func value's code: the patch, and
// the instance when the code is an instantiation's wrapper.
type origin struct {
	p  *patch
	in *instance
}

// origins is the set Original reads (published in originals). mu guards
// it.
var origins = map[uintptr]origin{}

// addOrigin records o for the func values whose code starts at entry, and
// publishes a new map for Original. mu must be held.
func addOrigin(entry uintptr, o origin) {
	if cur, ok := origins[entry]; ok && cur == o {
		return
	}
	origins[entry] = o
	originals.Store(newOriginalTable(origins))
}

// wrapperCallee classifies a call or jump of a wrapper (fn at entry) to
// dest: inside the wrapper (name ""), a runtime function the wrapper calls
// on its way (racefuncenter), or the function it wraps (shape).
func wrapperCallee(env codeEnv, fn []byte, entry, dest uintptr) (name string, shape bool, err error) {
	if dest >= entry && dest < entry+uintptr(len(fn)) {
		return "", false, nil
	}
	name, callee, _, ok := env.funcAt(dest)
	if !ok || callee != dest {
		return "", false, fmt.Errorf("its wrapper calls %#x, which is not a function", dest)
	}
	return name, !strings.HasPrefix(name, "runtime."), nil
}

// dictIn picks the dictionary among the addresses loaded (by register
// number) when a wrapper calls the shape body: there is one, in one of the
// integer argument registers args (by number, in order).
func dictIn(loaded map[int]uintptr, args []int, shape uintptr, name string) (instCall, error) {
	found := instCall{shape: shape, reg: -1}
	for i, r := range args {
		if addr, ok := loaded[r]; ok {
			if found.reg >= 0 {
				return instCall{}, fmt.Errorf("its wrapper passes two addresses to %s; cannot tell which is the dictionary", name)
			}
			found.dict, found.reg = addr, i
		}
	}
	if found.reg < 0 {
		return instCall{}, fmt.Errorf("its wrapper calls %s without loading a dictionary", name)
	}
	return found, nil
}

// errInlinedShape: the wrapper calls no shape body, so the compiler
// inlined the generic code into it, and most likely into direct callers
// too.
var errInlinedShape = errors.New("the compiler inlined its generic code into its wrapper, so its calls cannot be told apart; build with -gcflags=all=-l (the redefine command does)")
