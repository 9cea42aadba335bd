package stub

import (
	"fmt"
	"go/ast"
	"go/token"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/tools/go/packages"
)

// Request is one `redefine stub FILE:LINE:COL`.
type Request struct {
	File      string // absolute path
	Line, Col int    // 1-based; Col counts bytes
	Test      bool   // write the _test.go variant
	Env       []string
	Overlay   map[string][]byte // unsaved editor buffers
}

// LoadMode is what stubs need of a package.
const LoadMode = packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles |
	packages.NeedSyntax | packages.NeedTypes | packages.NeedTypesInfo | packages.NeedModule

// Load type-checks the package of file, with its test variants.
func Load(file string, env []string, overlay map[string][]byte) ([]*packages.Package, error) {
	pkgs, err := packages.Load(&packages.Config{
		Mode: LoadMode, Dir: filepath.Dir(file), Env: env, Overlay: overlay, Tests: true,
		BuildFlags: []string{"-tags=redefine"},
	}, "file="+file)
	if err != nil {
		return nil, fmt.Errorf("loading the package of %s: %w", file, err)
	}
	return pkgs, nil
}

// Run answers a Request from scratch (the command line).
func Run(req Request) (*Stub, error) {
	pkgs, err := Load(req.File, req.Env, req.Overlay)
	if err != nil {
		return nil, err
	}
	return FromPackages(pkgs, req)
}

// FromPackages answers a Request with packages loaded already (the language
// server keeps them between requests).
func FromPackages(pkgs []*packages.Package, req Request) (*Stub, error) {
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
	d := destFor(pkgs, req)
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
