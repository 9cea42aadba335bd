package directives

import (
	"go/ast"
	"go/token"
	"strconv"
	"strings"

	"golang.org/x/tools/go/packages"
)

// fileErrors collects the syntax and type errors that lie in files only
// redefinition builds compile (a //go:build line that needs the redefine
// tag): the redefinition files a user writes replacements in. gopls and the
// go command without the tag skip those files, so nothing else reports a
// stub that stopped parsing until a redefinition build fails.
func (c *checker) fileErrors() []Diagnostic {
	tagged := map[string]bool{}
	for _, p := range c.pkgs {
		for i, f := range p.Syntax {
			if i < len(p.CompiledGoFiles) && requiresRedefineTag(f) {
				tagged[p.CompiledGoFiles[i]] = true
			}
		}
	}
	if len(tagged) == 0 {
		return nil
	}
	seen := map[string]bool{}
	var out []Diagnostic
	add := func(pos token.Position, msg string) {
		key := pos.String() + "\x00" + msg
		if !tagged[pos.Filename] || seen[key] {
			return // another file's, or the test variant's copy of one
		}
		seen[key] = true
		out = append(out, Diagnostic{Pos: pos, End: pos, Message: msg})
	}
	for _, p := range c.pkgs {
		for _, e := range p.Errors {
			if e.Kind == packages.ParseError {
				add(parsePosition(e.Pos), e.Msg)
			}
		}
		for _, e := range p.TypeErrors {
			add(e.Fset.Position(e.Pos), e.Msg)
		}
		for _, pos := range missingBodies(p) {
			add(pos, "missing function body")
		}
	}
	sortDiagnostics(out)
	return out
}

// missingBodies lists the functions declared without a body, which parse
// and type-check but do not compile (the compiler says "missing function
// body"), in a package without assembly that could hold them.
func missingBodies(p *packages.Package) []token.Position {
	for _, f := range p.OtherFiles {
		if strings.HasSuffix(f, ".s") {
			return nil
		}
	}
	var out []token.Position
	for _, f := range p.Syntax {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Body == nil {
				out = append(out, p.Fset.Position(fd.Name.Pos()))
			}
		}
	}
	return out
}

// parsePosition reads "file:line:col" (packages.Error.Pos).
func parsePosition(s string) token.Position {
	var p token.Position
	rest := s
	if i := strings.LastIndexByte(rest, ':'); i > 0 {
		if col, err := strconv.Atoi(rest[i+1:]); err == nil {
			p.Column = col
			rest = rest[:i]
		}
	}
	if i := strings.LastIndexByte(rest, ':'); i > 0 {
		if line, err := strconv.Atoi(rest[i+1:]); err == nil {
			p.Line = line
			rest = rest[:i]
		}
	}
	p.Filename = rest
	return p
}
