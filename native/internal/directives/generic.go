package directives

import (
	"fmt"
	"go/token"
	"go/types"
	"os"
	"runtime"
	"strings"

	"goredefine.dev/internal/symbol"
)

// Generic targets. A directive names one instantiation, with its type
// arguments spelled as in Go source with full import paths:
//
//	//redefine:func example.com/g.Max[int]
//	//redefine:func example.com/g.(*Box[example.com/g.ID]).Get
//
// The type arguments are resolved in the packages they name, the generic
// function or type is instantiated with them (constraints checked), and
// the replacement must have the instantiation's signature. The engine
// redefines the instantiation through its wrapper, which the program links
// when it uses the instantiation as a value: the keep file the command
// generates does (inject), so Instance says how to spell it.

// Instance is the instantiation a redefinition targets.
type Instance struct {
	Pkg      *types.Package // the package of the generic function or type
	Name     string         // the generic function's name, or the receiver type's
	Method   string         // the method's name; "" for a function
	Ptr      bool           // a pointer receiver
	TypeArgs []types.Type
}

// instantiate returns the signature of the instantiation n names of the
// generic fn (a method's receiver first), and the instantiation.
func (c *checker) instantiate(r *Redefinition, fn *types.Func, n symbol.Name) (*types.Signature, *Instance, error) {
	if n.TypeArgs == "" {
		params := fn.Type().(*types.Signature).TypeParams()
		if recv := fn.Type().(*types.Signature).RecvTypeParams(); recv.Len() > 0 {
			params = recv
		}
		var names []string
		for i := 0; i < params.Len(); i++ {
			names = append(names, params.At(i).Obj().Name())
		}
		example := n
		example.TypeArgs = strings.Join(names, ", ")
		return nil, nil, fmt.Errorf("%s is generic: name one instantiation, %s with its type parameters replaced by types spelled as in Go source, with full import paths (example.com/g.Max[int])", n, example)
	}
	targs, err := c.typeArgs(r, n.TypeArgs)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %v", n, err)
	}
	inst := &Instance{Pkg: fn.Pkg(), Name: n.Func, TypeArgs: targs}
	sig := fn.Type().(*types.Signature)
	if recv := sig.Recv(); recv != nil {
		t := recv.Type()
		if p, ok := t.(*types.Pointer); ok {
			t, inst.Ptr = p.Elem(), true
		}
		named := types.Unalias(t).(*types.Named).Origin()
		instType, err := types.Instantiate(types.NewContext(), named, targs, true)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %v", n, err)
		}
		inst.Name, inst.Method = named.Obj().Name(), fn.Name()
		for i := 0; i < instType.(*types.Named).NumMethods(); i++ {
			if m := instType.(*types.Named).Method(i); m.Name() == fn.Name() {
				return FoldReceiver(m.Type().(*types.Signature)), inst, nil
			}
		}
		return nil, nil, fmt.Errorf("%s: no method %s on the instantiated type", n, fn.Name())
	}
	if sig.TypeParams().Len() == 0 {
		return nil, nil, fmt.Errorf("%s is not generic: name it without type arguments", n)
	}
	instSig, err := types.Instantiate(types.NewContext(), sig, targs, true)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %v", n, err)
	}
	return instSig.(*types.Signature), inst, nil
}

// typeArgs resolves a list of type arguments: each qualified name
// (example.com/g.ID, time.Duration) is looked up in its package, which
// may be unexported from the replacement's package, and the list is then
// evaluated as Go types.
func (c *checker) typeArgs(r *Redefinition, s string) ([]types.Type, error) {
	scope := types.NewPackage("goredefine.dev/typeargs", "typeargs")
	var b strings.Builder
	n := 0
	for i := 0; i < len(s); {
		j := i
		for j < len(s) && isTypePathByte(s[j]) {
			j++
		}
		if j == i {
			b.WriteByte(s[i])
			i++
			continue
		}
		word := s[i:j]
		i = j
		lead := word[:len(word)-len(strings.TrimLeft(word, "."))] // a variadic ...T
		word = word[len(lead):]
		b.WriteString(lead)
		dot := strings.LastIndexByte(word, '.')
		if dot < 0 {
			b.WriteString(word)
			continue
		}
		path, name := word[:dot], word[dot+1:]
		pkg, ok := c.scopeFor(r, path)
		if !ok {
			return nil, fmt.Errorf("type argument %s: package %s cannot be found or does not compile", word, path)
		}
		tn, ok := pkg.Scope().Lookup(name).(*types.TypeName)
		if !ok {
			return nil, fmt.Errorf("type argument %s: package %s has no type %s", word, path, name)
		}
		placeholder := fmt.Sprintf("_T%d", n)
		n++
		scope.Scope().Insert(types.NewTypeName(token.NoPos, scope, placeholder, tn.Type()))
		b.WriteString(placeholder)
	}
	var out []types.Type
	for _, arg := range splitTopLevel(b.String()) {
		tv, err := types.Eval(token.NewFileSet(), scope, token.NoPos, arg)
		if err != nil || !tv.IsType() {
			return nil, fmt.Errorf("type argument %q is not a type (%v)", strings.TrimSpace(arg), err)
		}
		out = append(out, tv.Type)
	}
	return out, nil
}

// typeArgPackages returns the import paths a list of type arguments names.
func typeArgPackages(s string) []string {
	var out []string
	for i := 0; i < len(s); {
		j := i
		for j < len(s) && isTypePathByte(s[j]) {
			j++
		}
		if j == i {
			i++
			continue
		}
		word := strings.TrimLeft(s[i:j], ".")
		i = j
		if dot := strings.LastIndexByte(word, '.'); dot > 0 {
			out = append(out, word[:dot])
		}
	}
	return out
}

func isTypePathByte(c byte) bool {
	return c == '_' || c == '.' || c == '/' || c == '-' || c == '~' || c == '%' ||
		'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c >= 0x80
}

// splitTopLevel splits at the commas outside brackets, parentheses and
// braces.
func splitTopLevel(s string) []string {
	var out []string
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '[', '(', '{':
			depth++
		case ']', ')', '}':
			depth--
		case ',':
			if depth == 0 {
				out = append(out, s[start:i])
				start = i + 1
			}
		}
	}
	return append(out, s[start:])
}

// checkDictionaryABI refuses instantiations the engine cannot redefine:
// the shape code every instantiation shares takes the dictionary as an
// extra integer argument after the receiver, and the engine drops it by
// moving the integer argument registers after it down by one. That is
// right unless the dictionary pushes an argument from registers to the
// stack (the same rule as the engine's generic_abi.go, on go/types).
func checkDictionaryABI(sig *types.Signature, method bool, goarch string) error {
	nInt, nFloat := 9, 15 // amd64 (internal/abi)
	if goarch == "arm64" {
		nInt, nFloat = 16, 16
	}
	at := 0
	if method {
		at = 1
	}
	type need struct{ ints, floats, memory int }
	var without []need
	for i := 0; i < sig.Params().Len(); i++ {
		ints, floats, memory := abiNeed(sig.Params().At(i).Type())
		m := 0
		if memory {
			m = 1
		}
		without = append(without, need{ints, floats, m})
	}
	with := append(append(append([]need(nil), without[:min(at, len(without))]...), need{ints: 1}), without[min(at, len(without)):]...)
	assign := func(args []need) []bool {
		i, f := 0, 0
		var regs []bool
		for _, a := range args {
			ok := a.memory == 0 && i+a.ints <= nInt && f+a.floats <= nFloat
			if ok {
				i, f = i+a.ints, f+a.floats
			}
			regs = append(regs, ok)
		}
		return regs
	}
	a, b := assign(without), assign(with)
	if !b[at] {
		return fmt.Errorf("its receiver takes every integer argument register of %s, so the dictionary generic code takes goes on the stack, which the engine cannot drop", goarch)
	}
	for i := range without {
		j := i
		if i >= at {
			j++
		}
		if a[i] != b[j] {
			return fmt.Errorf("its arguments take so many registers on %s that the dictionary generic code takes pushes parameter %d (%s) onto the stack, "+
				"where a replacement gets it in registers; the engine cannot move it: redefine a function that calls it", goarch, i+1, sig.Params().At(i).Type())
		}
	}
	return nil
}

// abiNeed is Go's internal ABI's register assignment rule for one type.
func abiNeed(t types.Type) (ints, floats int, memory bool) {
	switch u := t.Underlying().(type) {
	case *types.Basic:
		switch {
		case u.Info()&types.IsFloat != 0:
			return 0, 1, false
		case u.Info()&types.IsComplex != 0:
			return 0, 2, false
		case u.Kind() == types.String:
			return 2, 0, false
		}
		return 1, 0, false
	case *types.Slice:
		return 3, 0, false
	case *types.Interface:
		return 2, 0, false
	case *types.Array:
		switch u.Len() {
		case 0:
			return 0, 0, false
		case 1:
			return abiNeed(u.Elem())
		}
		return 0, 0, true
	case *types.Struct:
		for i := 0; i < u.NumFields(); i++ {
			fi, ff, fm := abiNeed(u.Field(i).Type())
			ints, floats, memory = ints+fi, floats+ff, memory || fm
		}
		return ints, floats, memory
	}
	return 1, 0, false // pointers, maps, channels, funcs
}

// targetGOARCH is the architecture the build is for.
func (c *checker) targetGOARCH() string {
	env := c.cfg.Env
	if env == nil {
		env = os.Environ()
	}
	arch := runtime.GOARCH
	for _, kv := range env {
		if v, ok := strings.CutPrefix(kv, "GOARCH="); ok && v != "" {
			arch = v
		}
	}
	return arch
}
