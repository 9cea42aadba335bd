package inject

import (
	"fmt"
	"go/token"
	"go/types"
	"strconv"
	"strings"

	"goredefine.dev/internal/directives"
)

// genericKeeps returns what the keep file of one replacement file adds for
// generic targets: the engine finds an instantiation through its wrapper
// (the code of the func value Max[int]), which the linker keeps only when
// the program uses the instantiation as a value, so the keep file names
// each one (example.com/g.Max[int], (*g.Box[string]).Get) along with the
// replacements. imports are import specs, exprs the values. An
// instantiation the file's package cannot spell (an unexported function or
// type of another package) is left out: the engine then finds it only if
// the program names it itself, and says so at start-up.
func genericKeeps(rs []*directives.Redefinition) (imports, exprs []string) {
	if len(rs) == 0 {
		return nil, nil
	}
	self := rs[0].Replacement.Pkg // the file's package ("p_test" for an external test package)
	aliases := map[string]string{}
	seen := map[string]bool{}
	for _, r := range rs {
		inst := r.Instance
		if !r.Valid() || inst == nil {
			continue
		}
		ok := true
		qual := func(p *types.Package) string {
			if p.Path() == self {
				return ""
			}
			a, found := aliases[p.Path()]
			if !found {
				a = fmt.Sprintf("_redefineG%d", len(aliases))
				aliases[p.Path()] = a
				imports = append(imports, a+" "+strconv.Quote(p.Path()))
			}
			return a
		}
		nameable := func(pkg *types.Package, name string) bool {
			return pkg == nil || pkg.Path() == self || token.IsExported(name)
		}
		if !nameable(inst.Pkg, inst.Name) {
			continue
		}
		var targs []string
		for _, t := range inst.TypeArgs {
			if !typeNameable(t, nameable) {
				ok = false
				break
			}
			targs = append(targs, types.TypeString(t, qual))
		}
		if !ok {
			continue
		}
		generic := inst.Name
		if q := qual(inst.Pkg); q != "" {
			generic = q + "." + generic
		}
		expr := generic + "[" + strings.Join(targs, ", ") + "]"
		switch {
		case inst.Method != "" && inst.Ptr:
			expr = "(*" + expr + ")." + inst.Method
		case inst.Method != "":
			expr += "." + inst.Method
		}
		if !seen[expr] {
			seen[expr] = true
			exprs = append(exprs, expr)
		}
	}
	return imports, exprs
}

// typeNameable reports whether every named type in t can be spelled.
func typeNameable(t types.Type, nameable func(*types.Package, string) bool) bool {
	switch t := t.(type) {
	case *types.Alias:
		return typeNameable(types.Unalias(t), nameable)
	case *types.Named:
		if !nameable(t.Obj().Pkg(), t.Obj().Name()) {
			return false
		}
		for i := 0; i < t.TypeArgs().Len(); i++ {
			if !typeNameable(t.TypeArgs().At(i), nameable) {
				return false
			}
		}
		return true
	case *types.Pointer:
		return typeNameable(t.Elem(), nameable)
	case *types.Slice:
		return typeNameable(t.Elem(), nameable)
	case *types.Array:
		return typeNameable(t.Elem(), nameable)
	case *types.Chan:
		return typeNameable(t.Elem(), nameable)
	case *types.Map:
		return typeNameable(t.Key(), nameable) && typeNameable(t.Elem(), nameable)
	case *types.Signature:
		for _, tup := range []*types.Tuple{t.Params(), t.Results()} {
			for i := 0; i < tup.Len(); i++ {
				if !typeNameable(tup.At(i).Type(), nameable) {
					return false
				}
			}
		}
		return true
	case *types.Struct:
		for i := 0; i < t.NumFields(); i++ {
			f := t.Field(i)
			if !nameable(f.Pkg(), f.Name()) || !typeNameable(f.Type(), nameable) {
				return false
			}
		}
		return true
	case *types.Interface:
		return t.NumMethods() == 0 || t.NumExplicitMethods() == t.NumMethods()
	}
	return true
}
