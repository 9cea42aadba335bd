package symbol

import "go/types"

// ObjectKind names what a non-function object is, for messages such as
// "x is a variable, not a function".
func ObjectKind(obj types.Object) string {
	switch obj.(type) {
	case *types.Var:
		return "variable"
	case *types.Const:
		return "constant"
	case *types.TypeName:
		return "type"
	case *types.PkgName:
		return "package name"
	case *types.Builtin:
		return "built-in"
	}
	return "non-function"
}
