package lsp

import (
	"context"
	"encoding/json"
	"go/ast"
	"go/types"
	"strings"

	"goredefine.dev/internal/stub"
	"goredefine.dev/internal/symbol"
)

// MethodOccurrence is one place a document uses a redefined method through a
// value or a method expression: `b.WriteString(…)`, `c.Do`, `(*T).M`. Editors
// find function references from the text alone (`time.Now`); which method a
// selector names needs the types, so the server answers for those.
type MethodOccurrence struct {
	Target string `json:"target"` // as the redefinition list names it
	Range  Range  `json:"range"`  // the method's name
}

type MethodOccurrencesResult struct {
	Occurrences []MethodOccurrence `json:"occurrences"`
}

// methodOccurrences answers redefine/methodOccurrences for one document:
// the selectors whose method is the target of a valid redefinition.
func (s *Server) methodOccurrences(ctx context.Context, params json.RawMessage) (any, error) {
	var p struct {
		TextDocument TextDocumentIdentifier `json:"textDocument"`
	}
	if err := json.Unmarshal(params, &p); err != nil {
		return nil, &rpcError{Code: codeInvalidParams, Message: err.Error()}
	}
	out := MethodOccurrencesResult{Occurrences: []MethodOccurrence{}}
	path := uriToPath(p.TextDocument.URI)
	if !strings.HasSuffix(path, ".go") {
		return out, nil
	}
	res := s.analysis.current(ctx)
	targets := map[symbol.Name]string{}
	for _, list := range res.byFile {
		for _, r := range list {
			if r.Valid() && r.Target.IsMethod() {
				targets[r.Target] = r.TargetShown() // as the list names it
			}
		}
	}
	if len(targets) == 0 {
		return out, nil
	}
	l, _, err := s.pkgs.get(ctx, path)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return out, nil // a package that does not load: the text-only decorations stay
	}
	text, _ := s.text(path)
	seen := map[Position]bool{}
	for _, pkg := range l.Pkgs {
		for i, name := range pkg.CompiledGoFiles {
			if name != path || i >= len(pkg.Syntax) || pkg.TypesInfo == nil {
				continue
			}
			ast.Inspect(pkg.Syntax[i], func(n ast.Node) bool {
				sel, ok := n.(*ast.SelectorExpr)
				if !ok {
					return true
				}
				selection := pkg.TypesInfo.Selections[sel]
				if selection == nil || selection.Kind() == types.FieldVal {
					return true
				}
				fn, ok := selection.Obj().(*types.Func)
				if !ok {
					return true
				}
				t, err := stub.TargetOf(fn)
				if err != nil {
					return true
				}
				target, ok := targets[t.Name]
				if !ok {
					return true
				}
				at := pkg.Fset.Position(sel.Sel.Pos())
				start := lspPosition(text, at.Line, at.Column)
				if seen[start] {
					return true // the package and its test variant both hold the file
				}
				seen[start] = true
				end := lspPosition(text, at.Line, at.Column+len(sel.Sel.Name))
				out.Occurrences = append(out.Occurrences, MethodOccurrence{Target: target, Range: Range{Start: start, End: end}})
				return true
			})
		}
	}
	return out, nil
}
