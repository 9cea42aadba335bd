package directives

import (
	"go/token"
	"go/types"
	"sort"
	"strings"

	"goredefine.dev/internal/symbol"
)

// didYouMean words suggestions for a message: "; did you mean time.Now?",
// "" without any.
func didYouMean(names []string) string {
	if len(names) == 0 {
		return ""
	}
	return "; did you mean " + strings.Join(names, " or ") + "?"
}

// suggestions are, for a target pkg does not have, the (up to three) names
// in pkg closest to it, in the form the directive wrote (a main package's
// functions stay main.f).
func suggestions(pkg *types.Package, n symbol.Name) []string {
	var cands []symbol.Name
	scope := pkg.Scope()
	switch {
	case !n.IsMethod():
		for _, name := range scope.Names() {
			if _, ok := scope.Lookup(name).(*types.Func); ok {
				cands = append(cands, symbol.Name{Pkg: n.Pkg, Func: name})
			}
		}
	default:
		if tn, ok := scope.Lookup(n.Recv).(*types.TypeName); ok {
			// The type is there: its methods, with their own receiver kinds.
			if named, ok := types.Unalias(tn.Type()).(*types.Named); ok {
				for i := 0; i < named.NumMethods(); i++ {
					m := named.Method(i)
					_, ptr := m.Type().(*types.Signature).Recv().Type().(*types.Pointer)
					cands = append(cands, symbol.Name{Pkg: n.Pkg, Recv: n.Recv, Ptr: ptr, Func: m.Name()})
				}
			}
			break
		}
		// The type is not: the types that have this method.
		for _, name := range scope.Names() {
			tn, ok := scope.Lookup(name).(*types.TypeName)
			if !ok {
				continue
			}
			named, ok := types.Unalias(tn.Type()).(*types.Named)
			if !ok {
				continue
			}
			for i := 0; i < named.NumMethods(); i++ {
				if m := named.Method(i); m.Name() == n.Func {
					_, ptr := m.Type().(*types.Signature).Recv().Type().(*types.Pointer)
					cands = append(cands, symbol.Name{Pkg: n.Pkg, Recv: name, Ptr: ptr, Func: n.Func})
				}
			}
		}
	}
	wrong := n.Func
	part := func(c symbol.Name) string { return c.Func }
	if n.IsMethod() && !hasType(scope, n.Recv) {
		wrong, part = n.Recv, func(c symbol.Name) string { return c.Recv }
	}
	// An exported name was meant to be exported: time.Nwo is time.Now, not
	// the unexported time.now beside it.
	if token.IsExported(wrong) {
		kept := cands[:0]
		for _, c := range cands {
			if token.IsExported(part(c)) {
				kept = append(kept, c)
			}
		}
		cands = kept
	}
	limit := max(1, len(wrong)/3)
	type scored struct {
		name string
		d    int
	}
	var best []scored
	for _, c := range cands {
		// 0 is the name itself, found but refused for another reason (a pointer
		// receiver named as a value one): that error says what to write.
		if d := closeness(strings.ToLower(wrong), strings.ToLower(part(c))); d > 0 && d <= limit || d == 0 && part(c) != wrong {
			best = append(best, scored{c.String(), d})
		}
	}
	if len(best) == 0 {
		return nil
	}
	sort.Slice(best, func(i, j int) bool {
		if best[i].d != best[j].d {
			return best[i].d < best[j].d
		}
		return best[i].name < best[j].name
	})
	var names []string
	for i := 0; i < len(best) && i < 3; i++ {
		names = append(names, best[i].name)
	}
	return names
}

func hasType(scope *types.Scope, name string) bool {
	_, ok := scope.Lookup(name).(*types.TypeName)
	return ok
}

// closeness is the edit distance of a and b counting a swap of two
// neighbouring letters as one edit (Nwo is one edit from Now): the
// optimal string alignment distance.
func closeness(a, b string) int {
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}
