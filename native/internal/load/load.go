// Package load type-checks packages from source with their dependencies
// from export data, like go/packages in NeedSyntax|NeedTypes mode, with two
// differences that matter to the redefine command:
//
//   - go/packages asks `go list -export` for every listed package, roots
//     included, so the go command compiles them to produce export data that
//     go/packages then ignores (it type-checks roots from source). For a large
//     package never built with these flags that costs seconds, on every
//     `redefine build` and on the language server's first answer. Here only
//     the dependencies are compiled (usually already in the build cache).
//   - export data is read with the standard library's go/importer, which
//     always reads the format of the Go release the command was built with.
//     The extension builds the command with the user's own Go, so the
//     command reads what that go command writes, from Go 1.22 to the newest
//     release, whatever golang.org/x/tools release go.mod pins.
package load

import (
	"errors"
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/scanner"
	"go/token"
	"go/types"
	"io"
	"os"
	"runtime"
	"sort"
	"strings"

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
	// Listed, when set, is a listing already made with these flags (with
	// NeedCompiledGoFiles, NeedImports, NeedModule and NeedDeps): the
	// patterns are import paths found in it, and the go command is not
	// asked again.
	Listed []*packages.Package
}

// Packages loads and type-checks the packages matched by patterns (with
// their test variants when cfg.Tests). Test mains (IDs ending in .test) are
// left out. A package with errors is returned with what could be checked,
// like go/packages does; an error means nothing could be loaded.
func Packages(cfg Config, patterns ...string) ([]*packages.Package, error) {
	if cfg.Fset == nil {
		cfg.Fset = token.NewFileSet()
	}
	mode := packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles |
		packages.NeedImports | packages.NeedModule
	if cfg.Tests {
		// A test can make the go command recompile dependencies of the
		// package under test ("q [p.test]"); they are checked from source
		// too, so the listing must include dependencies.
		mode |= packages.NeedDeps
	}
	var roots []*packages.Package
	if cfg.Listed != nil {
		roots = fromListing(cfg.Listed, patterns, cfg.Tests)
	} else {
		listed, err := packages.Load(&packages.Config{
			Mode: mode, Dir: cfg.Dir, Env: cfg.Env, BuildFlags: cfg.BuildFlags, Tests: cfg.Tests, Overlay: cfg.Overlay,
		}, patterns...)
		if err != nil {
			return nil, err
		}
		roots = withoutTestMains(listed)
	}

	// What is checked from source: the roots and the test-recompiled
	// dependencies; everything else comes from export data.
	bySource := map[string]*packages.Package{}
	for _, p := range roots {
		bySource[p.ID] = p
	}
	packages.Visit(roots, nil, func(p *packages.Package) {
		if strings.Contains(p.ID, " [") && !strings.HasSuffix(p.ID, ".test") {
			bySource[p.ID] = p
		}
	})
	need := map[string]bool{}
	for _, p := range bySource {
		for _, imp := range p.Imports {
			if bySource[imp.ID] == nil && imp.ID != "unsafe" && imp.ID != "C" {
				need[imp.ID] = true
			}
		}
	}
	exportFile, err := exportFiles(cfg, need)
	if err != nil {
		return nil, err
	}

	c := &checker{cfg: cfg, bySource: bySource, exportFile: exportFile, done: map[string]bool{}}
	c.imports = importer.ForCompiler(cfg.Fset, "gc", c.lookup)
	ids := make([]string, 0, len(bySource))
	for id := range bySource {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		if err := c.check(bySource[id], nil); err != nil {
			return nil, err
		}
	}
	if c.readErr != nil {
		return nil, c.readErr
	}
	return roots, nil
}

// fromListing picks the packages of the given import paths out of a
// listing, with their test variants when tests is set: what packages.Load
// of those paths would return, without the test mains.
func fromListing(listed []*packages.Package, paths []string, tests bool) []*packages.Package {
	want := map[string]bool{}
	for _, p := range paths {
		want[p] = true
		if tests {
			want[p+" ["+p+".test]"] = true
			want[p+"_test ["+p+".test]"] = true
		}
	}
	var out []*packages.Package
	seen := map[string]bool{}
	packages.Visit(listed, nil, func(p *packages.Package) {
		if want[p.ID] && !seen[p.ID] {
			seen[p.ID] = true
			out = append(out, p)
		}
	})
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
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

// exportFiles has the go command build (or find in its cache) the export
// data of the packages; one that does not compile has none, and importing
// it is then a type error in its importers, as with the compiler.
func exportFiles(cfg Config, need map[string]bool) (map[string]string, error) {
	out := map[string]string{}
	if len(need) == 0 {
		return out, nil
	}
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
		if d.ExportFile != "" {
			out[d.ID] = d.ExportFile
		}
	}
	return out, nil
}

type checker struct {
	cfg        Config
	bySource   map[string]*packages.Package
	exportFile map[string]string
	imports    types.Importer // the standard library's, one for the whole load
	done       map[string]bool
	readErr    error // export data this Go release cannot read
}

// errNoExportData marks a dependency that did not compile.
var errNoExportData = errors.New("no export data (the package does not compile)")

func (c *checker) lookup(path string) (io.ReadCloser, error) {
	f, ok := c.exportFile[path]
	if !ok {
		return nil, fmt.Errorf("%s: %w", path, errNoExportData)
	}
	return os.Open(f)
}

// check type-checks p after the source-checked packages it imports.
func (c *checker) check(p *packages.Package, stack []string) error {
	if c.done[p.ID] {
		return nil
	}
	for _, s := range stack {
		if s == p.ID {
			return fmt.Errorf("import cycle through %s", p.ID)
		}
	}
	for _, imp := range p.Imports {
		if dep := c.bySource[imp.ID]; dep != nil {
			if err := c.check(dep, append(stack, p.ID)); err != nil {
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
		// The file is checked as far as it parses; its syntax errors are kept,
		// as go/packages keeps them, for whoever shows them (the language
		// server, for the files only redefinition builds compile).
		var list scanner.ErrorList
		if errors.As(err, &list) {
			for _, e := range list {
				p.Errors = append(p.Errors, packages.Error{Pos: e.Pos.String(), Msg: e.Msg, Kind: packages.ParseError})
			}
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
		Instances:  map[*ast.Ident]types.Instance{},
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
	if v := p.Module; v != nil && v.GoVersion != "" && languageKnown(v.GoVersion) {
		tc.GoVersion = "go" + v.GoVersion
	}
	tpkg, _ := tc.Check(p.PkgPath, c.cfg.Fset, files, info)
	p.Fset, p.Syntax, p.Types, p.TypesInfo = c.cfg.Fset, files, tpkg, info
	p.IllTyped = len(p.TypeErrors) > 0
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
	if dep := c.bySource[imp.ID]; dep != nil {
		return dep.Types, nil
	}
	tp, err := c.imports.Import(imp.ID)
	if err != nil && !errors.Is(err, errNoExportData) && c.readErr == nil {
		c.readErr = fmt.Errorf("reading the export data of %s: %v (this redefine was built with %s: build it with the same Go release as the go command it runs)", imp.ID, err, runtime.Version())
	}
	return tp, err
}

// languageKnown reports whether this build's go/types knows a language
// version: a module may declare a newer one than the release that built the
// command (go/types would then refuse the whole package).
func languageKnown(v string) bool {
	var major, minor int
	fmt.Sscanf(v, "%d.%d", &major, &minor)
	var rmajor, rminor int
	fmt.Sscanf(strings.TrimPrefix(runtime.Version(), "go"), "%d.%d", &rmajor, &rminor)
	return rmajor == 0 || major < rmajor || major == rmajor && minor <= rminor
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
