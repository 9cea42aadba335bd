package directives

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/tools/go/packages"

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
}

const typedMode = packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles | packages.NeedSyntax |
	packages.NeedTypes | packages.NeedTypesInfo | packages.NeedModule | packages.NeedImports

func (c *checker) loadTyped(paths []string) error {
	c.fset = token.NewFileSet()
	pc := c.cfg.packagesConfig(typedMode)
	pc.Fset = c.fset
	pkgs, err := packages.Load(pc, paths...)
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
	if verb != "func" {
		bad(cm.Pos(), cm.End(), "unknown directive %s%s: the only directive is //redefine:func <target>", Prefix, verb)
		return
	}
	arg = strings.TrimSpace(arg)
	argStart := cm.Pos() + token.Pos(len(Prefix)+len("func ")+strings.Index(body[len("func "):], arg))
	if arg == "" {
		bad(cm.Pos(), cm.End(), "//redefine:func needs a target: //redefine:func time.Now")
		return
	}
	argEnd := argStart + token.Pos(len(arg))
	if fields := strings.Fields(arg); len(fields) > 1 {
		bad(argStart, argEnd, "//redefine:func takes one target, got %q", arg)
		return
	}
	fd, isFunc := decl.(*ast.FuncDecl)
	switch {
	case decl == nil:
		bad(cm.Pos(), cm.End(), "//redefine:func %s is not in the doc comment of a top-level function: put it on the line just above the replacement's func", arg)
		return
	case !isFunc:
		bad(cm.Pos(), cm.End(), "//redefine:func %s is on a %s declaration; a replacement must be a top-level function", arg, decl.(*ast.GenDecl).Tok)
		return
	case fd.Recv != nil:
		bad(fd.Name.Pos(), fd.Name.End(), "replacement %s is a method; a replacement must be a top-level function (a method's receiver becomes its first parameter)", fd.Name.Name)
		return
	case fd.Type.TypeParams != nil:
		bad(fd.Name.Pos(), fd.Name.End(), "replacement %s is generic; a replacement must be an ordinary function", fd.Name.Name)
		return
	case !constrained:
		bad(cm.Pos(), cm.End(), "//redefine:func %s is in a file that every build compiles: add the line //go:build redefine at the top of %s (or move the replacement to a _test.go file)", arg, filepath.Base(filename))
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
		}
		c.redefs = append(c.redefs, r)
		c.pending[r] = fl.targets
		c.sigs[r] = found.Type().(*types.Signature)
	}
}

// resolveTargets loads every package a target may live in (from source, so
// unexported functions are there too) and checks each target's signature.
func (c *checker) resolveTargets() error {
	want := map[string]bool{}
	for _, names := range c.pending {
		for _, n := range names {
			if n.Pkg != "main" && !c.isLocal(n.Pkg) {
				want[n.Pkg] = true
			}
		}
	}
	c.targets = map[string]*packages.Package{}
	if len(want) > 0 {
		var paths []string
		for p := range want {
			paths = append(paths, p)
		}
		sort.Strings(paths)
		pc := c.cfg.packagesConfig(packages.NeedName | packages.NeedTypes | packages.NeedSyntax)
		pc.Tests = false
		pc.Fset = c.fset // one file set, so every position below is printable
		pkgs, err := packages.Load(pc, paths...)
		if err != nil {
			return fmt.Errorf("loading target packages: %w", err)
		}
		for _, p := range pkgs {
			if p.Types != nil && p.Name != "" && len(p.Errors) == 0 {
				c.targets[p.PkgPath] = p
			}
		}
	}
	for _, r := range c.redefs {
		names, ok := c.pending[r]
		if !ok {
			continue
		}
		c.resolve(r, names)
	}
	return nil
}

// isLocal reports whether path is one of the typed packages (so its own,
// possibly test-extended, scope is the one to search).
func (c *checker) isLocal(path string) bool {
	for _, p := range c.pkgs {
		if p.PkgPath == path {
			return true
		}
	}
	return false
}

// scopeFor returns the scope where a target in package path is declared, as
// seen from replacement r.
func (c *checker) scopeFor(r *Redefinition, path string) (*types.Package, bool) {
	if path == "main" {
		if !r.ReplacementIsMain {
			return nil, false
		}
		path = strings.TrimSuffix(r.Replacement.Pkg, "_test")
	}
	// Prefer the package variant that compiles the replacement's file: a
	// target declared in a _test.go file is visible there.
	if p := c.byFile[r.File]; p != nil {
		if p.PkgPath == path {
			return p.Types, true
		}
	}
	for _, p := range c.pkgs {
		if p.PkgPath == path && !isTestVariant(p) {
			return p.Types, true
		}
	}
	if p := c.targets[path]; p != nil {
		return p.Types, true
	}
	return nil, false
}

func (c *checker) resolve(r *Redefinition, names []symbol.Name) {
	fail := func(format string, args ...any) {
		r.Err = fmt.Sprintf(format, args...)
		c.diags = append(c.diags, Diagnostic{Pos: r.TargetPos, End: r.TargetEnd, Message: r.Err})
	}
	if r.FromFlag {
		fail = func(format string, args ...any) {
			r.Err = fmt.Sprintf(format, args...)
			c.diags = append(c.diags, Diagnostic{Pos: r.TargetPos, Message: "-redefine: " + r.Err})
		}
	}
	var firstErr string
	for _, n := range names {
		pkg, ok := c.scopeFor(r, n.Pkg)
		if !ok {
			if firstErr == "" {
				if n.Pkg == "main" {
					firstErr = fmt.Sprintf("unknown target %s: main.%s names a function of a command's main package, but %s is not in package main; use the package's import path", n, n.Func, r.Replacement.Func)
				} else {
					firstErr = fmt.Sprintf("unknown target %s: package %s cannot be found or does not compile (is it in your module's requirements?)", n, n.Pkg)
				}
			}
			continue
		}
		fn, err := lookupFunc(pkg, n)
		if err != nil {
			if firstErr == "" || strings.HasPrefix(firstErr, "unknown target "+n.String()+": package") {
				firstErr = fmt.Sprintf("unknown target %s: %v", n, err)
			}
			continue
		}
		if n.Pkg == "main" {
			n.Pkg = pkg.Path()
		}
		r.Target = n
		r.TargetIsMain = pkg.Name() == "main"
		r.TargetDecl = c.fset.Position(fn.Pos())
		c.checkSignature(r, fn, fail)
		return
	}
	r.Target = names[0]
	fail("%s", firstErr)
}

// lookupFunc finds the function or method n in pkg.
func lookupFunc(pkg *types.Package, n symbol.Name) (*types.Func, error) {
	if !n.IsMethod() {
		obj := pkg.Scope().Lookup(n.Func)
		if obj == nil {
			return nil, fmt.Errorf("package %s has no function %s", pkg.Path(), n.Func)
		}
		fn, ok := obj.(*types.Func)
		if !ok {
			return nil, fmt.Errorf("%s.%s is a %s, not a function", pkg.Path(), n.Func, objectKind(obj))
		}
		return fn, nil
	}
	obj := pkg.Scope().Lookup(n.Recv)
	tn, ok := obj.(*types.TypeName)
	if !ok {
		return nil, fmt.Errorf("package %s has no type %s", pkg.Path(), n.Recv)
	}
	named, ok := types.Unalias(tn.Type()).(*types.Named)
	if !ok {
		return nil, fmt.Errorf("%s.%s is not a defined type with methods", pkg.Path(), n.Recv)
	}
	if types.IsInterface(named) {
		return nil, fmt.Errorf("%s.%s is an interface; redefine a concrete type's method instead", pkg.Path(), n.Recv)
	}
	if named.TypeParams().Len() > 0 {
		return nil, fmt.Errorf("%s.%s is generic; methods of generic types cannot be redefined (yet)", pkg.Path(), n.Recv)
	}
	for i := 0; i < named.NumMethods(); i++ {
		m := named.Method(i)
		if m.Name() != n.Func {
			continue
		}
		_, ptr := m.Type().(*types.Signature).Recv().Type().(*types.Pointer)
		switch {
		case ptr && !n.Ptr:
			return nil, fmt.Errorf("%s has a pointer receiver: name it %s", m.Name(), symbol.Name{Pkg: n.Pkg, Recv: n.Recv, Ptr: true, Func: n.Func})
		case !ptr && n.Ptr:
			return nil, fmt.Errorf("%s has a value receiver: name it %s", m.Name(), symbol.Name{Pkg: n.Pkg, Recv: n.Recv, Func: n.Func})
		}
		return m, nil
	}
	return nil, fmt.Errorf("type %s.%s has no method %s", pkg.Path(), n.Recv, n.Func)
}

func objectKind(obj types.Object) string {
	switch obj.(type) {
	case *types.Var:
		return "variable"
	case *types.Const:
		return "constant"
	case *types.TypeName:
		return "type"
	}
	return "non-function"
}

// checkSignature requires the replacement's signature to equal the target's,
// with a method's receiver as the first parameter.
func (c *checker) checkSignature(r *Redefinition, target *types.Func, fail func(string, ...any)) {
	tsig := target.Type().(*types.Signature)
	if tsig.TypeParams().Len() > 0 {
		fail("%s is generic; generic functions cannot be redefined (yet): redefine a non-generic function that calls it", r.Target)
		return
	}
	want := FoldReceiver(tsig)
	got := c.sigs[r]
	if !sameType(want, got) {
		qual := func(p *types.Package) string { return p.Path() }
		if p := c.byFile[r.File]; p != nil {
			qual = types.RelativeTo(p.Types)
		}
		fail("signature mismatch: %s is %s but %s is %s", r.Target, types.TypeString(want, qual), r.Replacement.Func, types.TypeString(got, qual))
		return
	}
	if r.Target.Pkg == r.Replacement.Pkg && r.Target.Func == r.Replacement.Func && !r.Target.IsMethod() {
		fail("%s cannot redefine itself", r.Replacement.Func)
	}
}

// FoldReceiver returns a method's signature with its receiver as the first
// parameter, which is the shape its replacement must have; a function's
// signature is returned as it is (without type parameters).
func FoldReceiver(sig *types.Signature) *types.Signature {
	var params []*types.Var
	if recv := sig.Recv(); recv != nil {
		params = append(params, types.NewParam(recv.Pos(), recv.Pkg(), recv.Name(), recv.Type()))
	}
	for i := 0; i < sig.Params().Len(); i++ {
		params = append(params, sig.Params().At(i))
	}
	return types.NewSignatureType(nil, nil, nil, types.NewTuple(params...), sig.Results(), sig.Variadic())
}

// checkDuplicates reports two replacements of one target that can end up in
// one binary: any two non-test ones, a test one and a non-test one, or two
// in the tests of one directory.
func (c *checker) checkDuplicates() {
	byTarget := map[string][]*Redefinition{}
	for _, r := range c.redefs {
		if r.Valid() {
			byTarget[r.TargetName(true)] = append(byTarget[r.TargetName(true)], r)
		}
	}
	for target, rs := range byTarget {
		for i, a := range rs {
			for _, b := range rs[:i] {
				if a.InTest && b.InTest && a.Dir != b.Dir {
					continue
				}
				a.Err = fmt.Sprintf("%s is already redefined by %s at %s; a target can have only one replacement", target, b.Replacement.Func, b.Pos)
				c.diags = append(c.diags, Diagnostic{Pos: a.TargetPos, End: a.TargetEnd, Message: a.Err})
				break
			}
		}
	}
}
