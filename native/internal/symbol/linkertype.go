package symbol

import (
	"fmt"
	"go/types"
	"strings"
)

// TypeArgsOf spells the type arguments of an instantiation as the linker
// does in its symbol name (checked against real binaries): named types
// with their full import path, "interface {}", "struct { A int; p.b string }"
// (unexported fields qualified by their package), func types as Go writes
// them.
func TypeArgsOf(targs []types.Type) string {
	parts := make([]string, len(targs))
	for i, t := range targs {
		parts[i] = linkerType(t)
	}
	return strings.Join(parts, ",")
}

func linkerType(t types.Type) string {
	switch t := t.(type) {
	case *types.Alias:
		return linkerType(types.Unalias(t))
	case *types.Basic:
		if t.Kind() == types.UnsafePointer {
			return "unsafe.Pointer"
		}
		return types.Typ[t.Kind()].Name() // byte is uint8, rune int32
	case *types.Named:
		obj := t.Obj()
		name := obj.Name()
		if obj.Pkg() != nil {
			name = obj.Pkg().Path() + "." + name
		}
		if args := t.TypeArgs(); args != nil && args.Len() > 0 {
			list := make([]types.Type, args.Len())
			for i := range list {
				list[i] = args.At(i)
			}
			name += "[" + TypeArgsOf(list) + "]"
		}
		return name
	case *types.Pointer:
		return "*" + linkerType(t.Elem())
	case *types.Slice:
		return "[]" + linkerType(t.Elem())
	case *types.Array:
		return fmt.Sprintf("[%d]%s", t.Len(), linkerType(t.Elem()))
	case *types.Map:
		return "map[" + linkerType(t.Key()) + "]" + linkerType(t.Elem())
	case *types.Chan:
		switch t.Dir() {
		case types.SendOnly:
			return "chan<- " + linkerType(t.Elem())
		case types.RecvOnly:
			return "<-chan " + linkerType(t.Elem())
		}
		return "chan " + linkerType(t.Elem())
	case *types.Signature:
		return "func" + linkerSignature(t)
	case *types.Interface:
		if t.NumMethods() == 0 && t.NumEmbeddeds() == 0 {
			return "interface {}"
		}
		var ms []string
		for i := 0; i < t.NumMethods(); i++ {
			m := t.Method(i)
			ms = append(ms, fieldName(m.Pkg(), m.Name(), m.Exported())+linkerSignature(m.Type().(*types.Signature)))
		}
		return "interface { " + strings.Join(ms, "; ") + " }"
	case *types.Struct:
		if t.NumFields() == 0 {
			return "struct {}"
		}
		var fs []string
		for i := 0; i < t.NumFields(); i++ {
			f := t.Field(i)
			if f.Embedded() {
				fs = append(fs, linkerType(f.Type()))
				continue
			}
			fs = append(fs, fieldName(f.Pkg(), f.Name(), f.Exported())+" "+linkerType(f.Type()))
		}
		return "struct { " + strings.Join(fs, "; ") + " }"
	}
	return t.String()
}

func fieldName(pkg *types.Package, name string, exported bool) string {
	if exported || pkg == nil {
		return name
	}
	return pkg.Path() + "." + name
}

func linkerSignature(sig *types.Signature) string {
	var ps []string
	for i := 0; i < sig.Params().Len(); i++ {
		t := sig.Params().At(i).Type()
		if sig.Variadic() && i == sig.Params().Len()-1 {
			ps = append(ps, "..."+linkerType(t.(*types.Slice).Elem()))
			continue
		}
		ps = append(ps, linkerType(t))
	}
	s := "(" + strings.Join(ps, ", ") + ")"
	switch n := sig.Results().Len(); n {
	case 0:
	case 1:
		s += " " + linkerType(sig.Results().At(0).Type())
	default:
		rs := make([]string, n)
		for i := range rs {
			rs[i] = linkerType(sig.Results().At(i).Type())
		}
		s += " (" + strings.Join(rs, ", ") + ")"
	}
	return s
}
