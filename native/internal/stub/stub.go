package stub

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"golang.org/x/tools/go/packages"

	"goredefine.dev/internal/load"
)

// Request is one `redefine stub FILE:LINE:COL`.
type Request struct {
	File      string // absolute path
	Line, Col int    // 1-based; Col counts bytes
	Test      bool   // write the _test.go variant
	Env       []string
	Overlay   map[string][]byte // unsaved editor buffers
}

// Load type-checks the package of file. The test variants (which double
// the work, and more in packages with large tests) are loaded only for a
// _test.go file; names declared in a package's tests are found by parsing
// them instead (see testNames).
// buildFlags are go build flags to list with; they must select the
// redefine tag (nil means just -tags=redefine).
func Load(file string, env []string, overlay map[string][]byte, buildFlags []string) (*Loaded, error) {
	if buildFlags == nil {
		buildFlags = []string{"-tags=redefine"}
	}
	pkgs, err := load.Packages(load.Config{
		Dir: filepath.Dir(file), Env: env, Overlay: overlay,
		Tests:      strings.HasSuffix(file, "_test.go"),
		BuildFlags: buildFlags,
	}, "file="+file)
	if err != nil {
		return nil, fmt.Errorf("loading the package of %s: %w", file, err)
	}
	return &Loaded{Pkgs: pkgs, overlay: overlay}, nil
}

// Loaded is a loaded package, kept by the language server between requests.
type Loaded struct {
	Pkgs    []*packages.Package
	overlay map[string][]byte

	testNamesOnce sync.Once
	testNames     map[string]bool

	directivesMu sync.Mutex
	directives   map[string][]directive // by directory
}

// directivesIn is directivesIn of dir, read once per load: a load lasts
// until a document of its directory changes or a file is saved, and a code
// action request (the lightbulb's, at every cursor move) asks twice.
func (l *Loaded) directivesIn(dir string) []directive {
	l.directivesMu.Lock()
	defer l.directivesMu.Unlock()
	if l.directives == nil {
		l.directives = map[string][]directive{}
	}
	found, ok := l.directives[dir]
	if !ok {
		found = directivesIn(dir, l.overlay)
		l.directives[dir] = found
	}
	return found
}

// namesInTests is testNames of dir, computed once per load.
func (l *Loaded) namesInTests(dir string) map[string]bool {
	l.testNamesOnce.Do(func() { l.testNames = testNames(dir, l.overlay) })
	return l.testNames
}

// Run answers a Request from scratch (the command line).
func Run(req Request) (*Stub, error) {
	l, err := Load(req.File, req.Env, req.Overlay, nil)
	if err != nil {
		return nil, err
	}
	return FromPackages(l, req)
}

// FromPackages answers a Request with packages loaded already (the language
// server keeps them between requests).
func FromPackages(l *Loaded, req Request) (*Stub, error) {
	pkgs := l.Pkgs
	p, f := fileIn(pkgs, req.File)
	if f == nil {
		return nil, fmt.Errorf("%s is not part of a package that builds here (is it excluded by build constraints?)", req.File)
	}
	tf := p.Fset.File(f.Pos())
	if req.Line < 1 || req.Line > tf.LineCount() {
		return nil, fmt.Errorf("%s has no line %d", req.File, req.Line)
	}
	start := tf.LineStart(req.Line)
	end := tf.Base() + tf.Size()
	if req.Line < tf.LineCount() {
		end = int(tf.LineStart(req.Line + 1))
	}
	pos := start + token.Pos(req.Col-1)
	if req.Col < 1 || int(pos) > end {
		return nil, fmt.Errorf("%s:%d has no column %d", req.File, req.Line, req.Col)
	}
	t, err := FindTarget(p, f, pos)
	if err != nil {
		return nil, fmt.Errorf("%s:%d:%d: %w", req.File, req.Line, req.Col, err)
	}
	if p.Module == nil || !p.Module.Main {
		// A stub goes beside the code that asked for it; never into the
		// standard library or the module cache.
		return nil, fmt.Errorf("%s is not in your module, so no stub is written there: ask from a call of %s in your own code", req.File, t.Name)
	}
	d := destFor(pkgs, req)
	if e := existingRedefinition(l.directivesIn(d.Dir), d, t.Name); e != nil {
		return nil, e
	}
	if d.Test {
		// The _test.go file shares its names with the package's tests.
		inTests := l.namesInTests(d.Dir)
		taken := d.Taken
		d.Taken = func(name string) bool { return inTests[name] || taken != nil && taken(name) }
	}
	var existing []byte
	if data, ok := req.Overlay[d.FileName()]; ok {
		existing = data
	} else if data, err := os.ReadFile(d.FileName()); err == nil {
		existing = data
	} else if !os.IsNotExist(err) {
		return nil, err
	}
	return Generate(t, d, existing)
}

// testNames collects the top-level names declared in the _test.go files of
// dir, by parsing only (no type checking).
func testNames(dir string, overlay map[string][]byte) map[string]bool {
	names := map[string]bool{}
	files, _ := filepath.Glob(filepath.Join(dir, "*_test.go"))
	for p := range overlay {
		if filepath.Dir(p) == dir && strings.HasSuffix(p, "_test.go") {
			files = append(files, p)
		}
	}
	fset := token.NewFileSet()
	for _, f := range files {
		var src any
		if data, ok := overlay[f]; ok {
			src = data
		}
		af, err := parser.ParseFile(fset, f, src, parser.SkipObjectResolution)
		if err != nil && af == nil {
			continue
		}
		for _, d := range af.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil {
					names[d.Name.Name] = true
				}
			case *ast.GenDecl:
				for _, s := range d.Specs {
					switch s := s.(type) {
					case *ast.ValueSpec:
						for _, n := range s.Names {
							names[n.Name] = true
						}
					case *ast.TypeSpec:
						names[s.Name.Name] = true
					}
				}
			}
		}
	}
	return names
}

// fileIn finds the package variant that compiles file: the plain package
// for a non-test file, the test variant for a _test.go file.
func fileIn(pkgs []*packages.Package, file string) (*packages.Package, *ast.File) {
	var best *packages.Package
	var bestFile *ast.File
	for _, p := range pkgs {
		for i, name := range p.CompiledGoFiles {
			if name != file || i >= len(p.Syntax) {
				continue
			}
			if best == nil || strings.Contains(best.ID, " [") && !strings.Contains(p.ID, " [") {
				best, bestFile = p, p.Syntax[i]
			}
		}
	}
	return best, bestFile
}

// destFor is the package the stub goes into: the package of the file's
// directory (for an external test file, the package it tests).
func destFor(pkgs []*packages.Package, req Request) Dest {
	d := Dest{Dir: filepath.Dir(req.File), Test: req.Test}
	var plain, test *packages.Package
	for _, p := range pkgs {
		switch {
		case strings.HasSuffix(p.ID, ".test") || strings.HasSuffix(p.Name, "_test"):
		case strings.Contains(p.ID, " ["):
			test = p
		default:
			plain = p
		}
	}
	scopeOf := plain
	if test != nil {
		scopeOf = test // the superset: also sees the package's _test.go names
	}
	switch {
	case plain != nil:
		d.PkgName, d.PkgPath = plain.Name, plain.PkgPath
	case test != nil:
		d.PkgName, d.PkgPath = test.Name, test.PkgPath
	default:
		for _, p := range pkgs {
			if strings.HasSuffix(p.Name, "_test") {
				d.PkgName = strings.TrimSuffix(p.Name, "_test")
				d.PkgPath = strings.TrimSuffix(p.PkgPath, "_test")
			}
		}
	}
	if scopeOf != nil && scopeOf.Types != nil {
		scope := scopeOf.Types.Scope()
		d.Taken = func(name string) bool { return scope.Lookup(name) != nil }
	}
	return d
}
