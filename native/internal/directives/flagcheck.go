package directives

import (
	"fmt"
	"go/types"
	"path/filepath"
	"strings"

	"golang.org/x/tools/go/packages"

	"goredefine.dev/internal/symbol"
)

// addFlags turns -redefine flags into redefinitions, finding each
// replacement among the typed packages.
func (c *checker) addFlags(flags []flagRedefinition) {
	for _, fl := range flags {
		var found *types.Func
		var pkg *packages.Package
		for _, p := range c.pkgs {
			// main.F names the function in the (one) main package loaded.
			isMain := fl.replacement.Pkg == "main" && p.Name == "main"
			if !isMain && p.PkgPath != fl.replacement.Pkg && p.PkgPath+"_test" != fl.replacement.Pkg {
				continue
			}
			if f, ok := p.Types.Scope().Lookup(fl.replacement.Func).(*types.Func); ok {
				found, pkg = f, p
				if !isTestVariant(p) {
					break
				}
			}
		}
		if found == nil {
			c.diags = append(c.diags, Diagnostic{Pos: flagPos(fl.raw), Message: fmt.Sprintf("-redefine %s: no function %s in package %s", fl.raw, fl.replacement.Func, fl.replacement.Pkg)})
			continue
		}
		pos := c.fset.Position(found.Pos())
		r := &Redefinition{
			Replacement:       symbol.Name{Pkg: pkg.Types.Path(), Func: found.Name()},
			ReplacementIsMain: pkg.Name == "main",
			PkgName:           pkg.Types.Name(),
			Dir:               filepath.Dir(pos.Filename),
			File:              pos.Filename,
			InTest:            strings.HasSuffix(pos.Filename, "_test.go"),
			FromFlag:          true,
			Pos:               pos,
			TargetPos:         flagPos(fl.raw),
			FuncPos:           pos,
			TargetAs:          fl.target,
			ReplacementAs:     fl.replacementAs,
		}
		c.redefs = append(c.redefs, r)
		c.pending[r] = fl.targets
		c.sigs[r] = found.Type().(*types.Signature)
	}
}
