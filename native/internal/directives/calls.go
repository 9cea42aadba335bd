package directives

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strconv"

	"golang.org/x/tools/go/packages"

	"goredefine.dev/internal/symbol"
)

// enginePath is the engine's import path (internal/engine.ModulePath; not
// imported here, which would make this package depend on the embedded copy).
const enginePath = "goredefine.dev/redefine"

// engineCalls collects the targets of the engine's calls that are known when
// building — redefine.Func(time.Now, …), redefine.ForTest(t, (*T).M, …),
// redefine.ByName("pkg.f", …) — so that the build keeps them out of
// inlining. Calls whose target is computed at run time are left to the
// engine's inlining report.
func (c *checker) engineCalls() {
	done := map[string]bool{}
	for _, p := range c.pkgs {
		for i, f := range p.Syntax {
			name := p.CompiledGoFiles[i]
			if done[name] {
				continue
			}
			done[name] = true
			c.engineCallsIn(p, f)
		}
	}
}

func (c *checker) engineCallsIn(p *packages.Package, f *ast.File) {
	local := ""
	for _, imp := range f.Imports {
		if path, _ := strconv.Unquote(imp.Path.Value); path == enginePath {
			local = "redefine"
			if imp.Name != nil {
				local = imp.Name.Name
			}
		}
	}
	if local == "" || local == "_" || local == "." {
		return
	}
	ast.Inspect(f, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		if id, ok := sel.X.(*ast.Ident); !ok || id.Name != local || !isEngineName(p.TypesInfo.Uses[id]) {
			return true
		}
		arg := -1
		switch sel.Sel.Name {
		case "Func":
			arg = 0
		case "ForTest":
			arg = 1
		case "ByName":
			if len(call.Args) > 0 {
				if tv, ok := p.TypesInfo.Types[call.Args[0]]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
					if names, err := symbol.Parse(constant.StringVal(tv.Value)); err == nil {
						c.calls = append(c.calls, names)
					}
				}
			}
			return true
		}
		if arg >= 0 && arg < len(call.Args) {
			if n, ok := funcName(p.TypesInfo, call.Args[arg]); ok {
				c.calls = append(c.calls, []symbol.Name{n})
			}
		}
		return true
	})
}

// isEngineName accepts the engine's package name, or an unresolved one (the
// module may not require the engine: the command provides it).
func isEngineName(obj types.Object) bool {
	pn, ok := obj.(*types.PkgName)
	return obj == nil || ok && pn.Imported().Path() == enginePath
}

// funcName names the function or method an expression denotes (time.Now,
// (*bytes.Buffer).Write, a local function); ok is false for anything else.
func funcName(info *types.Info, e ast.Expr) (symbol.Name, bool) {
	e = ast.Unparen(e)
	var fn *types.Func
	switch x := e.(type) {
	case *ast.Ident:
		fn, _ = info.Uses[x].(*types.Func)
	case *ast.SelectorExpr:
		if s, ok := info.Selections[x]; ok {
			if s.Kind() == types.MethodExpr {
				fn, _ = s.Obj().(*types.Func)
			}
		} else {
			fn, _ = info.Uses[x.Sel].(*types.Func)
		}
	}
	if fn == nil || fn.Pkg() == nil {
		return symbol.Name{}, false
	}
	sig := fn.Type().(*types.Signature)
	n := symbol.Name{Pkg: fn.Pkg().Path(), Func: fn.Name()}
	if recv := sig.Recv(); recv != nil {
		t := recv.Type()
		if ptr, ok := t.(*types.Pointer); ok {
			t, n.Ptr = ptr.Elem(), true
		}
		named, ok := types.Unalias(t).(*types.Named)
		if !ok || types.IsInterface(named) {
			return symbol.Name{}, false
		}
		n.Recv = named.Obj().Name()
	}
	return n, true
}

// Decl is where a target is declared.
type Decl struct {
	Pkg string         // its package's import path
	Pos token.Position // its name in its declaration
}

// keepOutOfInlining returns where every known target is declared: the valid
// redefinitions' targets and the engine calls' (resolveTargets loaded their
// packages).
func (c *checker) keepOutOfInlining() []Decl {
	var out []Decl
	seen := map[string]bool{}
	add := func(pkg string, p token.Position) {
		if p.IsValid() && !seen[p.String()] {
			seen[p.String()] = true
			out = append(out, Decl{pkg, p})
		}
	}
	for _, r := range c.redefs {
		switch {
		case r.Valid() && r.Original:
			// The stand-in is redefined at start-up: a call the compiler
			// inlined would run its own body.
			add(r.Replacement.Pkg, r.FuncPos)
		case r.Valid():
			add(r.Target.Pkg, r.TargetDecl)
		}
	}
	for _, names := range c.calls {
		for _, n := range names {
			if pkg := c.packageOf(n.Pkg); pkg != nil {
				if fn, err := lookupFunc(pkg, n); err == nil {
					add(n.Pkg, c.position(fn.Pos()))
					break
				}
			}
		}
	}
	return out
}

// packageOf is the typed package of an import path: one of the packages
// checked for directives (its plain variant) or a loaded target package.
func (c *checker) packageOf(path string) *types.Package {
	for _, p := range c.pkgs {
		if p.PkgPath == path && !isTestVariant(p) {
			return p.Types
		}
	}
	if p := c.targets[path]; p != nil {
		return p.Types
	}
	return c.imported[path]
}
