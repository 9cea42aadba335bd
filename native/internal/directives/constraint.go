package directives

import (
	"go/ast"
	"go/build/constraint"
	"strings"
)

// requiresRedefineTag reports whether f's //go:build line excludes the file
// from every build without the redefine tag, whatever the other tags are.
func requiresRedefineTag(f *ast.File) bool {
	for _, cg := range f.Comments {
		if cg.Pos() > f.Package {
			break
		}
		for _, cm := range cg.List {
			if !strings.HasPrefix(cm.Text, "//go:build") {
				continue
			}
			expr, err := constraint.Parse(cm.Text)
			if err != nil {
				return false
			}
			return !satisfiableWithout(expr, "redefine")
		}
	}
	return false
}

// satisfiableWithout reports whether some assignment of the other tags makes
// expr true while tag is false. Build lines name few tags, so trying every
// assignment is cheap; past 12 tags we give the benefit of the doubt.
func satisfiableWithout(expr constraint.Expr, tag string) bool {
	var tags []string
	seen := map[string]bool{tag: true}
	expr.Eval(func(t string) bool {
		if !seen[t] {
			seen[t] = true
			tags = append(tags, t)
		}
		return true
	})
	if len(tags) > 12 {
		return true
	}
	for bits := 0; bits < 1<<len(tags); bits++ {
		ok := expr.Eval(func(t string) bool {
			for i, x := range tags {
				if x == t {
					return bits&(1<<i) != 0
				}
			}
			return false
		})
		if ok {
			return true
		}
	}
	return false
}
