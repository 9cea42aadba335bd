package directives

import (
	"fmt"
	"sort"
	"strings"

	"golang.org/x/tools/go/packages"
)

// checkDuplicates reports two replacements of one target that would be
// linked into one binary: a program (a main package and what it imports), a
// test binary (the package under test, its test files and what they
// import), or any binary that links a package (the package and what it
// imports). Replacements that never meet in a binary do not conflict: the
// engine applies, in each binary, the entries whose replacement it links.
func (c *checker) checkDuplicates(list []*packages.Package) {
	byTarget := map[string][]*Redefinition{}
	for _, r := range c.redefs {
		if r.Valid() && !r.Original {
			byTarget[r.TargetName(true)] = append(byTarget[r.TargetName(true)], r)
		}
	}
	var g *linkGraph
	for target, rs := range byTarget {
		// The first by file and line stays; later ones are reported.
		sort.SliceStable(rs, func(i, j int) bool {
			a, b := rs[i].Pos, rs[j].Pos
			return a.Filename < b.Filename || a.Filename == b.Filename && a.Offset < b.Offset
		})
		for i, a := range rs {
			for _, b := range rs[:i] {
				if g == nil {
					g = newLinkGraph(list)
				}
				bin, ok := g.together(a, b)
				if !ok {
					continue
				}
				a.Err = fmt.Sprintf("%s is already redefined by %s at %s, and both are linked into %s; a target can have only one replacement in a binary", target, b.Replacement.Func, b.Pos, bin)
				c.diags = append(c.diags, Diagnostic{Pos: a.TargetPos, End: a.TargetEnd, Message: a.Err})
				break
			}
		}
	}
}

// linkGraph knows, for each binary the loaded packages make, which
// packages it links.
type linkGraph struct {
	binaries []*packages.Package // test mains (p.test) and plain packages, by ID
	linked   map[string]map[string]bool
}

func newLinkGraph(list []*packages.Package) *linkGraph {
	g := &linkGraph{linked: map[string]map[string]bool{}}
	packages.Visit(list, nil, func(p *packages.Package) {
		if strings.HasSuffix(p.ID, ".test") || p.ID == p.PkgPath && p.Name != "" {
			g.binaries = append(g.binaries, p)
		}
	})
	// Test binaries first: they name the conflict most precisely.
	sort.SliceStable(g.binaries, func(i, j int) bool {
		return strings.HasSuffix(g.binaries[i].ID, ".test") && !strings.HasSuffix(g.binaries[j].ID, ".test")
	})
	return g
}

// paths returns the import paths a binary links (its package IDs as well,
// so that test variants can be told apart).
func (g *linkGraph) paths(bin *packages.Package) map[string]bool {
	if m := g.linked[bin.ID]; m != nil {
		return m
	}
	m := map[string]bool{}
	packages.Visit([]*packages.Package{bin}, func(p *packages.Package) bool {
		if m["id:"+p.ID] {
			return false
		}
		m["id:"+p.ID] = true
		m[p.PkgPath] = true
		return true
	}, nil)
	g.linked[bin.ID] = m
	return m
}

// links reports whether bin links redefinition r: a replacement in a
// _test.go file only in its own package's test binary, any other wherever
// its package is linked.
func (g *linkGraph) links(bin *packages.Package, r *Redefinition) bool {
	if r.InTest {
		return bin.ID == strings.TrimSuffix(r.Replacement.Pkg, "_test")+".test"
	}
	return g.paths(bin)[r.Replacement.Pkg]
}

// together finds a binary that links both redefinitions and names it.
func (g *linkGraph) together(a, b *Redefinition) (string, bool) {
	for _, bin := range g.binaries {
		if g.links(bin, a) && g.links(bin, b) {
			switch {
			case strings.HasSuffix(bin.ID, ".test"):
				return "the test binary " + bin.ID, true
			case bin.Name == "main":
				return "the program " + bin.PkgPath, true
			default:
				return "every binary that links " + bin.PkgPath, true
			}
		}
	}
	return "", false
}
