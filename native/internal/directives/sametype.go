package directives

import "go/types"

// sameType is types.Identical for types that may come from different loads:
// the replacement's package and the target's package are type-checked
// separately, so the same named type (time.Time) is two objects. Named types
// are equal when their package path, name and type arguments are; aliases
// are looked through.
func sameType(a, b types.Type) bool {
	a, b = types.Unalias(a), types.Unalias(b)
	switch a := a.(type) {
	case *types.Basic:
		b, ok := b.(*types.Basic)
		return ok && a.Kind() == b.Kind()
	case *types.Named:
		b, ok := b.(*types.Named)
		if !ok || a.Obj().Name() != b.Obj().Name() || pkgPath(a.Obj().Pkg()) != pkgPath(b.Obj().Pkg()) {
			return false
		}
		ta, tb := a.TypeArgs(), b.TypeArgs()
		if ta.Len() != tb.Len() {
			return false
		}
		for i := 0; i < ta.Len(); i++ {
			if !sameType(ta.At(i), tb.At(i)) {
				return false
			}
		}
		return true
	case *types.Pointer:
		b, ok := b.(*types.Pointer)
		return ok && sameType(a.Elem(), b.Elem())
	case *types.Slice:
		b, ok := b.(*types.Slice)
		return ok && sameType(a.Elem(), b.Elem())
	case *types.Array:
		b, ok := b.(*types.Array)
		return ok && a.Len() == b.Len() && sameType(a.Elem(), b.Elem())
	case *types.Map:
		b, ok := b.(*types.Map)
		return ok && sameType(a.Key(), b.Key()) && sameType(a.Elem(), b.Elem())
	case *types.Chan:
		b, ok := b.(*types.Chan)
		return ok && a.Dir() == b.Dir() && sameType(a.Elem(), b.Elem())
	case *types.Signature:
		b, ok := b.(*types.Signature)
		return ok && a.Variadic() == b.Variadic() && sameTuple(a.Params(), b.Params()) && sameTuple(a.Results(), b.Results())
	case *types.Struct:
		b, ok := b.(*types.Struct)
		if !ok || a.NumFields() != b.NumFields() {
			return false
		}
		for i := 0; i < a.NumFields(); i++ {
			fa, fb := a.Field(i), b.Field(i)
			if fa.Name() != fb.Name() || fa.Embedded() != fb.Embedded() || a.Tag(i) != b.Tag(i) || !sameType(fa.Type(), fb.Type()) {
				return false
			}
			if !fa.Exported() && pkgPath(fa.Pkg()) != pkgPath(fb.Pkg()) {
				return false
			}
		}
		return true
	case *types.Interface:
		b, ok := b.(*types.Interface)
		if !ok || a.NumMethods() != b.NumMethods() {
			return false
		}
		for i := 0; i < a.NumMethods(); i++ {
			ma, mb := a.Method(i), b.Method(i)
			if ma.Name() != mb.Name() || !sameType(ma.Type(), mb.Type()) {
				return false
			}
		}
		return a.IsComparable() == b.IsComparable() && a.IsMethodSet() == b.IsMethodSet()
	case *types.TypeParam:
		b, ok := b.(*types.TypeParam)
		return ok && a.Obj().Name() == b.Obj().Name()
	case *types.Tuple:
		b, ok := b.(*types.Tuple)
		return ok && sameTuple(a, b)
	}
	return types.Identical(a, b)
}

func sameTuple(a, b *types.Tuple) bool {
	if a.Len() != b.Len() {
		return false
	}
	for i := 0; i < a.Len(); i++ {
		if !sameType(a.At(i).Type(), b.At(i).Type()) {
			return false
		}
	}
	return true
}

func pkgPath(p *types.Package) string {
	if p == nil {
		return ""
	}
	return p.Path()
}
