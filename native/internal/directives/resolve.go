package directives

import (
	"fmt"
	"go/types"
	"sort"
	"strings"

	"golang.org/x/tools/go/packages"

	"goredefine.dev/internal/load"
	"goredefine.dev/internal/symbol"
)

// resolveTargets loads every package a target may live in (from source, so
// unexported functions are there too) and checks each target's signature.
func (c *checker) resolveTargets() error {
	want := map[string]bool{}
	for _, names := range c.pending {
		for _, n := range names {
			for _, path := range append(typeArgPackages(n.TypeArgs), n.Pkg) {
				if path != "main" && !c.isLocal(path) {
					want[path] = true
				}
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
