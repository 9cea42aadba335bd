// Package load type-checks packages from source with their dependencies
// from export data, like go/packages in NeedSyntax|NeedTypes mode, without
// compiling the packages themselves.
//
// go/packages asks `go list -export` for every listed package, roots
// included, and the go command compiles them to produce export data that
// go/packages then ignores for roots (it type-checks them from source).
// For a large package never built with these flags that compile costs
// seconds: on every `redefine build` (the build itself uses other flags, so
// nothing is reused) and on the language server's first answer. Here only
// the imports are compiled (usually already in the build cache). Whatever
// this path does not handle (a dependency recompiled for a test, missing
// export data) falls back to go/packages.
package load

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"runtime"
	"sort"
	"strings"

	"golang.org/x/tools/go/gcexportdata"
	"golang.org/x/tools/go/packages"
)

// Config is what to load, as in packages.Config.
type Config struct {
	Dir        string
	Env        []string
	BuildFlags []string
	Tests      bool
	Overlay    map[string][]byte
	Fset       *token.FileSet // nil: a new one
}

// Mode is what the returned packages hold (the same as go/packages with
// this mode).
const Mode = packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles |
	packages.NeedImports | packages.NeedModule | packages.NeedSyntax |
	packages.NeedTypes | packages.NeedTypesInfo

// Packages loads and type-checks the packages matched by patterns (with
// their test variants when cfg.Tests). Test mains (IDs ending in .test) are
// left out.
func Packages(cfg Config, patterns ...string) ([]*packages.Package, error) {
	if cfg.Fset == nil {
		cfg.Fset = token.NewFileSet()
	}
	pkgs, err := fromSource(cfg, patterns)
	if err == nil {
		return pkgs, nil
	}
	pkgs, err = packages.Load(&packages.Config{
		Mode: Mode, Dir: cfg.Dir, Env: cfg.Env, BuildFlags: cfg.BuildFlags,
		Tests: cfg.Tests, Overlay: cfg.Overlay, Fset: cfg.Fset,
	}, patterns...)
	if err != nil {
		return nil, err
	}
	return withoutTestMains(pkgs), nil
}

func withoutTestMains(pkgs []*packages.Package) []*packages.Package {
	out := pkgs[:0]
	for _, p := range pkgs {
		if !strings.HasSuffix(p.ID, ".test") {
			out = append(out, p)
		}
	}
	return out
}

// errFallBack says this path cannot load the packages; go/packages can.
type errFallBack struct{ why string }

func (e errFallBack) Error() string { return e.why }

func fromSource(cfg Config, patterns []string) ([]*packages.Package, error) {
	listed, err := packages.Load(&packages.Config{
		Mode: packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles |
			packages.NeedImports | packages.NeedModule,
		Dir: cfg.Dir, Env: cfg.Env, BuildFlags: cfg.BuildFlags, Tests: cfg.Tests, Overlay: cfg.Overlay,
	}, patterns...)
	if err != nil {
		return nil, err
	}
	roots := withoutTestMains(listed)
	byID := map[string]*packages.Package{}
	for _, p := range roots {
		if len(p.Errors) > 0 || p.Name == "" {
			return nil, errFallBack{"listing errors"}
		}
		byID[p.ID] = p
	}

	// Export data for every import that is not itself a root.
	need := map[string]bool{}
	for _, p := range roots {
		for _, imp := range p.Imports {
			switch {
			case byID[imp.ID] != nil, imp.ID == "unsafe", imp.ID == "C":
			case strings.Contains(imp.ID, " ["):
				return nil, errFallBack{"a dependency is recompiled for a test: " + imp.ID}
			default:
				need[imp.ID] = true
			}
		}
	}
	exportFile := map[string]string{}
	if len(need) > 0 {
		ids := make([]string, 0, len(need))
		for id := range need {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		deps, err := packages.Load(&packages.Config{
			Mode: packages.NeedName | packages.NeedExportFile,
			Dir:  cfg.Dir, Env: cfg.Env, BuildFlags: cfg.BuildFlags,
		}, ids...)
		if err != nil {
			return nil, err
		}
		for _, d := range deps {
			exportFile[d.ID] = d.ExportFile
		}
		for id := range need {
			if exportFile[id] == "" {
				return nil, errFallBack{"no export data for " + id}
			}
		}
	}

	c := &checker{cfg: cfg, byID: byID, exportFile: exportFile, shared: map[string]*types.Package{}, done: map[string]bool{}}
	for _, p := range roots {
		if err := c.check(p, nil); err != nil {
			return nil, err
		}
	}
	return roots, nil
}

type checker struct {
	cfg        Config
	byID       map[string]*packages.Package
	exportFile map[string]string
	shared     map[string]*types.Package // by path: one package object per path
	done       map[string]bool
}

// check type-checks p after the roots it imports (depth first).
func (c *checker) check(p *packages.Package, stack []string) error {
	if c.done[p.ID] {
		return nil
	}
	for _, s := range stack {
		if s == p.ID {
			return errFallBack{"import cycle through " + p.ID}
		}
	}
	for _, imp := range p.Imports {
		if r := c.byID[imp.ID]; r != nil {
			if err := c.check(r, append(stack, p.ID)); err != nil {
				return err
			}
		}
	}
	files := make([]*ast.File, 0, len(p.CompiledGoFiles))
	for _, name := range p.CompiledGoFiles {
		var src any
		if data, ok := c.cfg.Overlay[name]; ok {
			src = data
		}
		f, err := parser.ParseFile(c.cfg.Fset, name, src, parser.ParseComments|parser.SkipObjectResolution)
		if f == nil {
			return err
		}
		files = append(files, f)
	}
	info := &types.Info{
		Types:      map[ast.Expr]types.TypeAndValue{},
		Defs:       map[*ast.Ident]types.Object{},
		Uses:       map[*ast.Ident]types.Object{},
		Selections: map[*ast.SelectorExpr]*types.Selection{},
		Implicits:  map[ast.Node]types.Object{},
		Scopes:     map[ast.Node]*types.Scope{},
	}
	tc := &types.Config{
		Importer: importerFunc(func(path string) (*types.Package, error) { return c.importFor(p, path) }),
		Sizes:    types.SizesFor("gc", c.goarch()),
		Error: func(err error) {
			// Keep going: a package with a type error still has its
			// functions, and the compiler reports the error better.
			if te, ok := err.(types.Error); ok && len(p.TypeErrors) < 10 {
				p.TypeErrors = append(p.TypeErrors, te)
			}
		},
	}
	if p.Module != nil && p.Module.GoVersion != "" {
		tc.GoVersion = "go" + p.Module.GoVersion
	}
	tpkg, _ := tc.Check(p.PkgPath, c.cfg.Fset, files, info)
	p.Fset, p.Syntax, p.Types, p.TypesInfo = c.cfg.Fset, files, tpkg, info
	p.IllTyped = len(p.TypeErrors) > 0
	if !strings.Contains(p.ID, " [") && c.shared[p.PkgPath] == nil {
		// Export data read later that mentions this package uses these objects.
		c.shared[p.PkgPath] = tpkg
	}
	c.done[p.ID] = true
	return nil
}

func (c *checker) importFor(p *packages.Package, path string) (*types.Package, error) {
	if path == "unsafe" {
		return types.Unsafe, nil
	}
	imp, ok := p.Imports[path]
	if !ok {
		return nil, fmt.Errorf("%s does not import %s", p.ID, path)
	}
	if r := c.byID[imp.ID]; r != nil {
		return r.Types, nil
	}
	if tp := c.shared[imp.ID]; tp != nil && tp.Complete() {
		return tp, nil
	}
	f, err := os.Open(c.exportFile[imp.ID])
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r, err := gcexportdata.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("reading export data of %s: %w", imp.ID, err)
	}
	return gcexportdata.Read(r, c.cfg.Fset, c.shared, imp.ID)
}

// goarch is the target architecture: GOARCH from the environment given to
// the go command, else this process's.
func (c *checker) goarch() string {
	for i := len(c.cfg.Env) - 1; i >= 0; i-- {
		if v, ok := strings.CutPrefix(c.cfg.Env[i], "GOARCH="); ok && v != "" {
			return v
		}
	}
	if c.cfg.Env == nil {
		if v := os.Getenv("GOARCH"); v != "" {
			return v
		}
	}
	return runtime.GOARCH
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }
