package directives

import (
	"fmt"
	"go/token"
	"go/types"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/tools/go/packages"

	"goredefine.dev/internal/load"
	"goredefine.dev/internal/symbol"
)

// resolveTargets loads every package a target may live in (from source, so
// unexported functions are there too) and checks each target's signature.
func (c *checker) resolveTargets() error {
	// A target the checked packages' imports already describe (export
	// data: exported functions and methods, with their declarations'
	// positions) needs no loading; others are loaded from source, where
	// unexported functions are too.
	c.imported = map[string]*types.Package{}
	for _, p := range c.pkgs {
		if p.Types != nil {
			addImports(c.imported, p.Types)
		}
	}
	want := map[string]bool{}
	need := func(names []symbol.Name) {
		for _, n := range names {
			// A generic target's type arguments name packages too.
			for _, path := range typeArgPackages(n.TypeArgs) {
				if path != "main" && !c.isLocal(path) && c.imported[path] == nil {
					want[path] = true
				}
			}
			if n.Pkg == "main" || c.isLocal(n.Pkg) {
				continue
			}
			if pkg := c.imported[n.Pkg]; pkg != nil {
				if fn, err := lookupFunc(pkg, n); err == nil && fn.Pos().IsValid() {
					return // this reading is declared where we can see it
				}
			}
			want[n.Pkg] = true
		}
	}
	for _, names := range c.pending {
		need(names)
	}
	for _, names := range c.calls {
		need(names)
	}
	c.targets = map[string]*packages.Package{}
	if len(want) > 0 {
		var paths []string
		for p := range want {
			paths = append(paths, p)
		}
		sort.Strings(paths)
		// One file set, so every position below is printable.
		pkgs, err := load.Packages(load.Config{
			Dir: c.cfg.Dir, Env: c.cfg.Env, BuildFlags: c.cfg.BuildFlags, Overlay: c.cfg.Overlay, Fset: c.fset,
		}, paths...)
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
	if p := c.imported[path]; p != nil {
		return p, true
	}
	return nil, false
}

// addImports adds every package pkg imports, directly or not, by path.
func addImports(to map[string]*types.Package, pkg *types.Package) {
	for _, imp := range pkg.Imports() {
		if to[imp.Path()] == nil {
			to[imp.Path()] = imp
			addImports(to, imp)
		}
	}
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
	var fixes []string // for firstErr
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
				fixes = suggestions(pkg, n)
				firstErr = fmt.Sprintf("unknown target %s: %v%s", n, err, didYouMean(fixes))
			}
			continue
		}
		if n.Pkg == "main" {
			n.Pkg = pkg.Path()
		}
		r.Target = n
		r.TargetIsMain = pkg.Name() == "main"
		r.TargetDecl = c.position(fn.Pos())
		c.checkSignature(r, fn, fail)
		return
	}
	r.Target = names[0]
	fail("%s", firstErr)
	if !r.FromFlag {
		c.diags[len(c.diags)-1].Fixes = fixes
	}
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
			return nil, fmt.Errorf("%s.%s is a %s, not a function", pkg.Path(), n.Func, symbol.ObjectKind(obj))
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
	if named.TypeParams().Len() == 0 && n.TypeArgs != "" {
		return nil, fmt.Errorf("%s.%s is not generic: name its method without type arguments", pkg.Path(), n.Recv)
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

// checkSignature requires the replacement's signature to equal the target's,
// with a method's receiver as the first parameter.
func (c *checker) checkSignature(r *Redefinition, target *types.Func, fail func(string, ...any)) {
	tsig := target.Type().(*types.Signature)
	want := FoldReceiver(tsig)
	if tsig.TypeParams().Len() > 0 || tsig.RecvTypeParams().Len() > 0 || r.Target.TypeArgs != "" {
		sig, inst, err := c.instantiate(r, target, r.Target)
		if err == nil {
			err = checkDictionaryABI(sig, inst.Method != "", c.targetGOARCH())
		}
		if err != nil {
			fail("%v", err)
			return
		}
		want, r.Instance = sig, inst
		r.Target.TypeArgs = symbol.TypeArgsOf(inst.TypeArgs) // as the linker spells them
	}
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

// position prints a position, with the $GOROOT that export data writes for
// the standard library's files made a real directory.
func (c *checker) position(p token.Pos) token.Position {
	pos := c.fset.Position(p)
	if rest, ok := strings.CutPrefix(pos.Filename, "$GOROOT"); ok && c.goroot != "" {
		pos.Filename = filepath.Join(c.goroot, filepath.FromSlash(rest))
	}
	return pos
}

// gorootOf finds GOROOT from a listed standard package's files
// (GOROOT/src/<import path>/<file>).
func gorootOf(list []*packages.Package) string {
	root := ""
	packages.Visit(list, func(p *packages.Package) bool { return root == "" }, func(p *packages.Package) {
		if root != "" || p.Module != nil || len(p.GoFiles) == 0 || strings.Contains(p.ID, " [") {
			return
		}
		dir := filepath.Dir(p.GoFiles[0])
		if suffix := filepath.Join("src", filepath.FromSlash(p.PkgPath)); strings.HasSuffix(dir, string(filepath.Separator)+suffix) {
			root = strings.TrimSuffix(dir, string(filepath.Separator)+suffix)
		}
	})
	return root
}
