package stub

import (
	"go/ast"
	"go/token"
	"go/types"

	"goredefine.dev/internal/symbol"
)

// Site is where a file uses one instantiation of a generic function or
// method: a call, a func value, a method value.
type Site struct {
	Name     symbol.Name // the instantiation, with import paths
	Pos, End token.Position
}

// InstanceSites lists the uses of generic instantiations in file, each
// named as a directive names it (example.com/g.Max[int]), with the type
// arguments the compiler inferred: what tells Max(1, 2) from Max(1.5, 2.5).
func InstanceSites(l *Loaded, file string) []Site {
	p, f := fileIn(l.Pkgs, file)
	if f == nil {
		return nil
	}
	var out []Site
	ast.Inspect(f, func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok {
			return true
		}
		fn, ok := p.TypesInfo.Uses[id].(*types.Func)
		if !ok {
			return true
		}
		var t *Target
		var err error
		if inst, ok := p.TypesInfo.Instances[id]; ok {
			t, err = instanceTarget(fn, inst.TypeArgs, inst.Type.(*types.Signature))
		} else if fn.Origin() != fn {
			t, err = instanceTarget(fn, nil, fn.Type().(*types.Signature))
		} else {
			return true
		}
		if err == nil {
			out = append(out, Site{Name: t.Name, Pos: p.Fset.Position(id.Pos()), End: p.Fset.Position(id.End())})
		}
		return true
	})
	return out
}
