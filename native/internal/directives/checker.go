package directives

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"path/filepath"
	"strings"

	"golang.org/x/tools/go/packages"

	"goredefine.dev/internal/load"
	"goredefine.dev/internal/symbol"
)

// checker holds one Load's typed packages and what it found in them.
type checker struct {
	cfg    Config
	fset   *token.FileSet
	pkgs   []*packages.Package          // typed packages that declare replacements (with test variants)
	byFile map[string]*packages.Package // file → the package variant that compiles it
	redefs []*Redefinition
	diags  []Diagnostic

	// pending ties a redefinition to the readings of its target, resolved
	// together once every target package is loaded.
	pending map[*Redefinition][]symbol.Name
	sigs    map[*Redefinition]*types.Signature // the replacement's signature
	targets map[string]*packages.Package       // import path → typed target package
	calls   [][]symbol.Name                    // targets of engine calls (each with its readings)
	// imported are the packages the checked ones import, from export data.
	imported map[string]*types.Package
	goroot   string // for the $GOROOT of export data's positions
}

func (c *checker) loadTyped(paths []string, listed []*packages.Package) error {
	c.fset = token.NewFileSet()
	pkgs, err := load.Packages(load.Config{
		Dir: c.cfg.Dir, Env: c.cfg.Env, BuildFlags: c.cfg.BuildFlags,
		Tests: c.cfg.Tests, Overlay: c.cfg.Overlay, Fset: c.fset, Listed: listed,
	}, paths...)
	if err != nil {
		return fmt.Errorf("loading packages: %w", err)
	}
	c.byFile = map[string]*packages.Package{}
	for _, p := range pkgs {
		if strings.HasSuffix(p.ID, ".test") { // the generated test main
			continue
		}
		c.pkgs = append(c.pkgs, p)
		for _, f := range p.CompiledGoFiles {
			// A non-test file is compiled by both p and "p [p.test]"; keep the
			// plain variant for it, so its checks do not depend on test files.
			if old, ok := c.byFile[f]; ok && !isTestVariant(old) {
				continue
			}
			c.byFile[f] = p
		}
	}
	c.pending = map[*Redefinition][]symbol.Name{}
	c.sigs = map[*Redefinition]*types.Signature{}
	return nil
}

func isTestVariant(p *packages.Package) bool { return strings.Contains(p.ID, " [") }

// checkFiles walks every file of every typed package for directives.
func (c *checker) checkFiles() {
	done := map[string]bool{}
	for _, p := range c.pkgs {
		for i, f := range p.Syntax {
			name := p.CompiledGoFiles[i]
			if done[name] || c.byFile[name] != p {
				continue
			}
			done[name] = true
			c.checkFile(p, name, f)
		}
	}
}

func (c *checker) checkFile(p *packages.Package, filename string, f *ast.File) {
	docOf := map[*ast.CommentGroup]ast.Decl{}
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Doc != nil {
				docOf[d.Doc] = d
			}
		case *ast.GenDecl:
			if d.Doc != nil {
				docOf[d.Doc] = d
			}
			for _, s := range d.Specs {
				if doc := specDoc(s); doc != nil {
					docOf[doc] = d
				}
			}
		}
	}
	inTest := strings.HasSuffix(filename, "_test.go")
	constrained := inTest || requiresRedefineTag(f)
	for _, cg := range f.Comments {
		for _, cm := range cg.List {
			if !strings.HasPrefix(cm.Text, Prefix) {
				continue
			}
			c.checkDirective(p, filename, f, cm, docOf[cg], inTest, constrained)
		}
	}
}

func specDoc(s ast.Spec) *ast.CommentGroup {
	switch s := s.(type) {
	case *ast.ValueSpec:
		return s.Doc
	case *ast.TypeSpec:
		return s.Doc
	}
	return nil
}

func (c *checker) checkDirective(p *packages.Package, filename string, f *ast.File, cm *ast.Comment, decl ast.Decl, inTest, constrained bool) {
	pos := c.fset.Position(cm.Pos())
	bad := func(from, to token.Pos, format string, args ...any) {
		c.diags = append(c.diags, Diagnostic{Pos: c.fset.Position(from), End: c.fset.Position(to), Message: fmt.Sprintf(format, args...)})
	}
	body := strings.TrimPrefix(cm.Text, Prefix)
	verb, arg, _ := strings.Cut(body, " ")
	if verb != "func" && verb != "original" {
		bad(cm.Pos(), cm.End(), "unknown directive %s%s: the directives are //redefine:func <target> and //redefine:original <target>", Prefix, verb)
		return
	}
	d := Prefix + verb // //redefine:func or //redefine:original, for messages
	arg = strings.TrimSpace(arg)
	argStart := cm.Pos() + token.Pos(len(d)+1+strings.Index(body[len(verb)+1:], arg))
	if arg == "" || len(body) <= len(verb) {
		bad(cm.Pos(), cm.End(), "%s needs a target: %s time.Now", d, d)
		return
	}
	argEnd := argStart + token.Pos(len(arg))
	if fields := strings.Fields(withoutTypeArgs(arg)); len(fields) > 1 {
		bad(argStart, argEnd, "%s takes one target, got %q", d, arg)
		return
	}
	what := "a replacement"
	if verb == "original" {
		what = "a stand-in for the original"
	}
	fd, isFunc := decl.(*ast.FuncDecl)
	switch {
	case decl == nil:
		bad(cm.Pos(), cm.End(), "%s %s is not in the doc comment of a top-level function: put it on the line just above the function's func", d, arg)
		return
	case !isFunc:
		bad(cm.Pos(), cm.End(), "%s %s is on a %s declaration; %s must be a top-level function", d, arg, decl.(*ast.GenDecl).Tok, what)
		return
	case fd.Recv != nil:
		bad(fd.Name.Pos(), fd.Name.End(), "%s %s is a method; %s must be a top-level function (a method's receiver becomes its first parameter)", strings.TrimPrefix(what, "a "), fd.Name.Name, what)
		return
	case fd.Type.TypeParams != nil:
		bad(fd.Name.Pos(), fd.Name.End(), "%s %s is generic; %s must be an ordinary function", strings.TrimPrefix(what, "a "), fd.Name.Name, what)
		return
	case !constrained:
		bad(cm.Pos(), cm.End(), "%s %s is in a file that every build compiles: add the line //go:build redefine at the top of %s (or move the function to a _test.go file)", d, arg, filepath.Base(filename))
		return
	}
	r := &Redefinition{
		Replacement: symbol.Name{Pkg: p.PkgPath, Func: fd.Name.Name},
		PkgName:     f.Name.Name,
		Dir:         filepath.Dir(filename),
		File:        filename,
		InTest:      inTest,
		Pos:         pos,
		TargetPos:   c.fset.Position(argStart),
		TargetEnd:   c.fset.Position(argEnd),
		FuncPos:     c.fset.Position(fd.Pos()),
		Original:    verb == "original",
		TargetAs:    arg,
	}
	if p.Name == "main" {
		r.ReplacementIsMain = true
	}
	if f.Name.Name != p.Name && strings.HasSuffix(f.Name.Name, "_test") {
		// External test package p_test: its own import path.
		r.Replacement.Pkg = p.PkgPath + "_test"
	}
	if strings.HasSuffix(p.Name, "_test") {
		r.Replacement.Pkg = strings.TrimSuffix(p.PkgPath, "_test") + "_test"
	}
	obj, _ := p.TypesInfo.Defs[fd.Name].(*types.Func)
	if obj == nil {
		bad(fd.Name.Pos(), fd.Name.End(), "replacement %s has no type information (does the package compile?)", fd.Name.Name)
		return
	}
	c.sigs[r] = obj.Type().(*types.Signature)
	targets, err := symbol.Parse(arg)
	if err != nil {
		r.Err = err.Error()
		c.redefs = append(c.redefs, r)
		bad(argStart, argEnd, "%v", err)
		return
	}
	c.redefs = append(c.redefs, r)
	c.pending[r] = targets
}

// withoutTypeArgs drops what is inside brackets, where type arguments may
// hold spaces (example.com/g.Pair[string, int]).
func withoutTypeArgs(s string) string {
	var b strings.Builder
	depth := 0
	for _, c := range s {
		switch {
		case c == '[':
			depth++
		case c == ']':
			depth--
		case depth == 0:
			b.WriteRune(c)
		}
	}
	return b.String()
}
