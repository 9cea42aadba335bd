// Package stub writes the replacement stub for a function: the directive,
// a declaration with the target's exact signature (a method's receiver as
// the first parameter) and a body that returns zero values, in the package's
// redefinition file, with the imports it needs.
package stub

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/packages"

	"goredefine.dev/internal/symbol"
)

// Target is the function found at a position.
type Target struct {
	Func *types.Func
	Name symbol.Name
	// Sig is the signature a replacement must have (a method's receiver
	// as its first parameter comes from it too): the function's, or the
	// instantiation's for a generic one.
	Sig *types.Signature
}

// FindTarget returns the function referenced at offset in file (of package
// p): a declaration's name, a call, a method call on a value, a method
// expression, or a function value.
func FindTarget(p *packages.Package, file *ast.File, pos token.Pos) (*Target, error) {
	path, _ := astutil.PathEnclosingInterval(file, pos, pos)
	var id *ast.Ident
	for i, n := range path {
		if x, ok := n.(*ast.Ident); ok {
			id = x
			// On the package of a qualified name (the "time" of time.Now),
			// the function is the selected name.
			if sel, ok := parentSelector(path, i); ok && sel.X == x {
				switch p.TypesInfo.Uses[x].(type) {
				case *types.PkgName, *types.TypeName: // also the T of T.Method
					id = sel.Sel
				}
			}
			break
		}
		if sel, ok := n.(*ast.SelectorExpr); ok {
			id = sel.Sel
			break
		}
	}
	if id == nil {
		return nil, noFunction{"no function name at this position: put the cursor on a function's name, at its declaration or at a call"}
	}
	obj := p.TypesInfo.Uses[id]
	if obj == nil {
		obj = p.TypesInfo.Defs[id]
	}
	fn, ok := obj.(*types.Func)
	if !ok {
		if obj == nil {
			return nil, fmt.Errorf("%s has no type information here (does the package compile?)", id.Name)
		}
		return nil, noFunction{fmt.Sprintf("%s is a %s, not a function", id.Name, symbol.ObjectKind(obj))}
	}
	if inst, ok := p.TypesInfo.Instances[id]; ok {
		// A generic function at a call or in a func value: the
		// instantiation, with its type arguments as the compiler inferred
		// them.
		return instanceTarget(fn, inst.TypeArgs, inst.Type.(*types.Signature))
	}
	return TargetOf(fn)
}

// TargetOf names fn as a redefinition target, or says why it cannot be one.
func TargetOf(fn *types.Func) (*Target, error) {
	if fn.Pkg() == nil {
		return nil, fmt.Errorf("%s is a built-in", fn.Name())
	}
	sig := fn.Type().(*types.Signature)
	if fn.Origin() != fn {
		// A method of an instantiated generic type (b.Get on a
		// *Box[string]): its receiver carries the type arguments.
		return instanceTarget(fn, nil, sig)
	}
	if sig.TypeParams().Len() > 0 || sig.RecvTypeParams().Len() > 0 {
		return nil, fmt.Errorf("%s is generic: ask at a call of it, whose instantiation (type arguments) the stub is for, or write the directive with type arguments (//redefine:func %s.%s[int])",
			fn.FullName(), fn.Pkg().Path(), fn.Name())
	}
	return named(fn, sig)
}

// instanceTarget names one instantiation of the generic fn: targs for a
// function (nil for a method, whose receiver carries them), sig its
// instantiated signature.
func instanceTarget(fn *types.Func, targs *types.TypeList, sig *types.Signature) (*Target, error) {
	if recv := sig.Recv(); recv != nil && targs == nil {
		t := recv.Type()
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		if n, ok := types.Unalias(t).(*types.Named); ok {
			targs = n.TypeArgs()
		}
	}
	var list []types.Type
	for i := 0; i < targs.Len(); i++ {
		if hasTypeParam(targs.At(i)) {
			return nil, fmt.Errorf("this call of %s is inside generic code: its type arguments (%s) are known only when that code is instantiated; ask at a call with concrete types", fn.Name(), targs.At(i))
		}
		list = append(list, targs.At(i))
	}
	if len(list) == 0 {
		return nil, fmt.Errorf("%s has no type arguments here", fn.FullName())
	}
	t, err := named(fn.Origin(), sig)
	if err != nil {
		return nil, err
	}
	t.Name.TypeArgs = symbol.TypeArgsOf(list)
	return t, nil
}

// hasTypeParam reports whether t mentions a type parameter.
func hasTypeParam(t types.Type) bool {
	found := false
	var walk func(types.Type)
	walk = func(t types.Type) {
		switch t := t.(type) {
		case *types.TypeParam:
			found = true
		case *types.Pointer:
			walk(t.Elem())
		case *types.Slice:
			walk(t.Elem())
		case *types.Array:
			walk(t.Elem())
		case *types.Chan:
			walk(t.Elem())
		case *types.Map:
			walk(t.Key())
			walk(t.Elem())
		case *types.Named:
			for i := 0; i < t.TypeArgs().Len(); i++ {
				walk(t.TypeArgs().At(i))
			}
		case *types.Signature:
			for _, tup := range []*types.Tuple{t.Params(), t.Results()} {
				for i := 0; i < tup.Len(); i++ {
					walk(tup.At(i).Type())
				}
			}
		case *types.Struct:
			for i := 0; i < t.NumFields(); i++ {
				walk(t.Field(i).Type())
			}
		}
	}
	walk(t)
	return found
}

// named names fn (not generic, or a generic's origin) with the signature a
// replacement must have.
func named(fn *types.Func, sig *types.Signature) (*Target, error) {
	n := symbol.Name{Pkg: fn.Pkg().Path(), Func: fn.Name()}
	if recv := sig.Recv(); recv != nil {
		t := recv.Type()
		if p, ok := t.(*types.Pointer); ok {
			n.Ptr, t = true, p.Elem()
		}
		named, ok := types.Unalias(t).(*types.Named)
		if !ok || types.IsInterface(named) {
			return nil, fmt.Errorf("%s is an interface method: redefine the method of a concrete type", fn.FullName())
		}
		n.Recv = named.Obj().Name()
	}
	if n.Func == "init" || n.Func == "_" || n.Pkg == "unsafe" {
		return nil, fmt.Errorf("%s cannot be redefined", fn.FullName())
	}
	return &Target{Func: fn, Name: n, Sig: sig}, nil
}

func parentSelector(path []ast.Node, i int) (*ast.SelectorExpr, bool) {
	if i+1 >= len(path) {
		return nil, false
	}
	sel, ok := path[i+1].(*ast.SelectorExpr)
	return sel, ok
}
