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
	return TargetOf(fn)
}

// TargetOf names fn as a redefinition target, or says why it cannot be one.
func TargetOf(fn *types.Func) (*Target, error) {
	if fn.Pkg() == nil {
		return nil, fmt.Errorf("%s is a built-in", fn.Name())
	}
	sig := fn.Type().(*types.Signature)
	if fn.Origin() != fn || sig.TypeParams().Len() > 0 || sig.RecvTypeParams().Len() > 0 {
		return nil, fmt.Errorf("%s is generic; generic functions cannot be redefined (yet): redefine a non-generic function that calls it", fn.FullName())
	}
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
	return &Target{Func: fn, Name: n}, nil
}

func parentSelector(path []ast.Node, i int) (*ast.SelectorExpr, bool) {
	if i+1 >= len(path) {
		return nil, false
	}
	sel, ok := path[i+1].(*ast.SelectorExpr)
	return sel, ok
}
