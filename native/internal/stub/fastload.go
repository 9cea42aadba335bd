package stub

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"runtime"
	"sort"

	"golang.org/x/tools/go/gcexportdata"
	"golang.org/x/tools/go/packages"
)

// loadFromSource type-checks the package of a non-test file from its
// source, with its imports from export data, the way go/packages does —
// except that go/packages asks `go list -export` for the package itself
// too, which compiles it: seconds for a large package that was never built,
// spent on export data nobody reads. Here only the imports are compiled
// (usually already in the build cache), so the first code action in a
// package is answered sooner.
func loadFromSource(file string, env []string, overlay map[string][]byte) ([]*packages.Package, error) {
	cfg := &packages.Config{
		Mode: packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles |
			packages.NeedImports | packages.NeedModule,
		Dir: filepath.Dir(file), Env: env, Overlay: overlay, BuildFlags: []string{"-tags=redefine"},
	}
	roots, err := packages.Load(cfg, "file="+file)
	if err != nil {
		return nil, err
	}
	if len(roots) != 1 || len(roots[0].Errors) > 0 || len(roots[0].CompiledGoFiles) == 0 {
		return nil, fmt.Errorf("listing the package of %s failed", file)
	}
	p := roots[0]

	// Export data of the direct imports; the go command builds what is
	// missing from the build cache.
	var ids []string
	for _, imp := range p.Imports {
		if imp.ID != "unsafe" && imp.ID != "C" {
			ids = append(ids, imp.ID)
		}
	}
	sort.Strings(ids)
	exportFile := map[string]string{}
	if len(ids) > 0 {
		deps, err := packages.Load(&packages.Config{
			Mode: packages.NeedName | packages.NeedExportFile,
			Dir:  cfg.Dir, Env: env, BuildFlags: cfg.BuildFlags,
		}, ids...)
		if err != nil {
			return nil, err
		}
		for _, d := range deps {
			if d.ExportFile == "" {
				return nil, fmt.Errorf("no export data for %s", d.ID)
			}
			exportFile[d.ID] = d.ExportFile
		}
	}

	fset := token.NewFileSet()
	files := make([]*ast.File, 0, len(p.CompiledGoFiles))
	for _, name := range p.CompiledGoFiles {
		var src any
		if data, ok := overlay[name]; ok {
			src = data
		}
		f, err := parser.ParseFile(fset, name, src, parser.ParseComments|parser.SkipObjectResolution)
		if f == nil {
			return nil, err
		}
		files = append(files, f)
	}
	shared := map[string]*types.Package{} // one types.Package per path, across imports
	importer := importerFunc(func(path string) (*types.Package, error) {
		if path == "unsafe" {
			return types.Unsafe, nil
		}
		imp, ok := p.Imports[path]
		if !ok {
			return nil, fmt.Errorf("%s is not imported by %s", path, p.PkgPath)
		}
		if tp := shared[imp.ID]; tp != nil && tp.Complete() {
			return tp, nil
		}
		f, err := os.Open(exportFile[imp.ID])
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r, err := gcexportdata.NewReader(f)
		if err != nil {
			return nil, err
		}
		return gcexportdata.Read(r, fset, shared, imp.ID)
	})
	info := &types.Info{
		Types:      map[ast.Expr]types.TypeAndValue{},
		Defs:       map[*ast.Ident]types.Object{},
		Uses:       map[*ast.Ident]types.Object{},
		Selections: map[*ast.SelectorExpr]*types.Selection{},
	}
	tc := &types.Config{
		Importer: importer,
		Sizes:    types.SizesFor("gc", runtime.GOARCH),
		Error:    func(error) {}, // keep going: a half-typed package still has its functions
	}
	if p.Module != nil && p.Module.GoVersion != "" {
		tc.GoVersion = "go" + p.Module.GoVersion
	}
	tpkg, _ := tc.Check(p.PkgPath, fset, files, info)
	p.Fset, p.Syntax, p.Types, p.TypesInfo = fset, files, tpkg, info
	return []*packages.Package{p}, nil
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }
