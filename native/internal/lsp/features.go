package lsp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"path/filepath"
	"strings"

	"golang.org/x/tools/go/ast/astutil"

	"goredefine.dev/internal/stub"
)

func (s *Server) codeAction(ctx context.Context, params json.RawMessage) (any, error) {
	var p CodeActionParams
	if err := json.Unmarshal(params, &p); err != nil {
		return nil, &rpcError{Code: codeInvalidParams, Message: err.Error()}
	}
	actions := quickFixes(p)
	if !wantsKind(p.Context.Only, "refactor.rewrite") {
		return actions, nil
	}
	path := uriToPath(p.TextDocument.URI)
	if !strings.HasSuffix(path, ".go") {
		return actions, nil
	}
	text, _ := s.text(path)
	line, col, ok := byteColumn(text, p.Range.Start)
	if !ok {
		return actions, nil
	}
	pkgs, overlay, err := s.pkgs.get(ctx, path)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		// Said, not swallowed: Redefine Function shows the reason.
		return []CodeAction{refusal("", fmt.Sprintf("the package of %s does not load: %v", filepath.Base(path), err))}, nil
	}
	for _, test := range []bool{false, true} {
		st, err := stub.FromPackages(pkgs, stub.Request{File: path, Line: line, Col: col, Test: test, Overlay: overlay})
		var existing *stub.AlreadyRedefinedError
		switch {
		case errors.As(err, &existing):
			return []CodeAction{s.goToExisting(existing)}, nil
		case errors.Is(err, stub.ErrNoFunction):
			return actions, nil // nothing to redefine here, and nothing to say
		case err != nil:
			fmt.Fprintf(s.log, "codeAction: %v\n", err)
			// The position prefix is where the user already is.
			reason := strings.TrimPrefix(err.Error(), fmt.Sprintf("%s:%d:%d: ", path, line, col))
			return []CodeAction{refusal(targetOf(pkgs, path, line, col), reason)}, nil
		}
		title := "Redefine " + st.Target
		if test {
			title += " in tests"
		}
		actions = append(actions, CodeAction{
			Title: title,
			Kind:  "refactor.rewrite",
			Edit:  s.stubEdit(st),
			Data:  &RedefineActionData{Target: st.Target, Test: test},
		})
	}
	return actions, nil
}

// refusal is the disabled "Redefine …" action that says why a function
// cannot be redefined from here (generic, built-in, a stub file that does
// not parse, a package that does not load…).
func refusal(target, reason string) CodeAction {
	title := "Redefine " + target
	if target == "" {
		title = "Redefine function"
	}
	return CodeAction{Title: title, Kind: "refactor.rewrite", Disabled: &Disabled{Reason: reason}}
}

// goToExisting is the action offered instead of a second stub for a target
// that already has a replacement in the package: it shows the first one.
func (s *Server) goToExisting(e *stub.AlreadyRedefinedError) CodeAction {
	text, _ := s.text(e.File)
	p := lspPosition(text, e.Line, e.Col)
	loc := Location{URI: pathToURI(e.File), Range: Range{Start: p, End: p}}
	title := fmt.Sprintf("Go to the replacement of %s (%s:%d)", e.Written, filepath.Base(e.File), e.Line)
	return CodeAction{
		Title:   title,
		Kind:    "refactor.rewrite",
		Command: &Command{Title: title, Command: goToReplacementCommand, Arguments: []any{loc}},
		Data:    &RedefineActionData{Target: e.Target, Existing: &loc},
	}
}

// targetOf names the function at a position for a refusal's title, when
// there is one to name.
func targetOf(l *stub.Loaded, path string, line, col int) string {
	for _, p := range l.Pkgs {
		for i, name := range p.CompiledGoFiles {
			if name != path || i >= len(p.Syntax) || p.TypesInfo == nil {
				continue
			}
			tf := p.Fset.File(p.Syntax[i].Pos())
			if line < 1 || line > tf.LineCount() {
				return ""
			}
			pos := tf.LineStart(line) + token.Pos(col-1)
			if int(pos) > tf.Base()+tf.Size() {
				return ""
			}
			path, _ := astutil.PathEnclosingInterval(p.Syntax[i], pos, pos)
			for _, n := range path {
				if id, ok := n.(*ast.Ident); ok {
					if fn, ok := p.TypesInfo.Uses[id].(*types.Func); ok {
						return fn.FullName()
					}
					return ""
				}
			}
			return ""
		}
	}
	return ""
}

// quickFixes offers, for each diagnostic of the request that carries fixes
// (a misspelt target's closest names), "Change to <name>": an edit of the
// diagnostic's range.
func quickFixes(p CodeActionParams) []CodeAction {
	out := []CodeAction{}
	if !wantsKind(p.Context.Only, "quickfix") {
		return out
	}
	for _, d := range p.Context.Diagnostics {
		if d.Source != "redefine" || d.Data == nil {
			continue
		}
		for i, fix := range d.Data.Fixes {
			out = append(out, CodeAction{
				Title:       "Change to " + fix,
				Kind:        "quickfix",
				Diagnostics: []Diagnostic{d},
				IsPreferred: i == 0 && len(d.Data.Fixes) == 1,
				Edit: &WorkspaceEdit{DocumentChanges: []any{TextDocumentEdit{
					TextDocument: VersionedTextDocumentIdentifier{URI: p.TextDocument.URI},
					Edits:        []TextEdit{{Range: d.Range, NewText: fix}},
				}}},
			})
		}
	}
	return out
}

// wantsKind applies a code action request's "only" filter (a kind matches
// its prefixes: refactor covers refactor.rewrite).
func wantsKind(only []string, kind string) bool {
	if len(only) == 0 {
		return true
	}
	for _, k := range only {
		if k == kind || strings.HasPrefix(kind, k+".") {
			return true
		}
	}
	return false
}

// stubEdit is the WorkspaceEdit that makes the redefinition file what
// `redefine stub -w` would write: created with the whole content, or its
// whole text replaced.
func (s *Server) stubEdit(st *stub.Stub) *WorkspaceEdit {
	uri := pathToURI(st.File)
	if st.Created {
		return &WorkspaceEdit{DocumentChanges: []any{
			CreateFile{Kind: "create", URI: uri},
			TextDocumentEdit{
				TextDocument: VersionedTextDocumentIdentifier{URI: uri},
				Edits:        []TextEdit{{Range: Range{}, NewText: string(st.Content)}},
			},
		}}
	}
	old, version := s.text(st.File)
	return &WorkspaceEdit{DocumentChanges: []any{
		TextDocumentEdit{
			TextDocument: VersionedTextDocumentIdentifier{URI: uri, Version: version},
			Edits:        []TextEdit{{Range: Range{End: endPosition(old)}, NewText: string(st.Content)}},
		},
	}}
}

func (s *Server) list(ctx context.Context, _ json.RawMessage) (any, error) {
	res := s.analysis.current(ctx)
	if res.err != nil {
		return nil, &rpcError{Code: codeInternalError, Message: res.err.Error()}
	}
	return ListResult{Redefinitions: res.list}, nil
}

func (s *Server) codeLens(ctx context.Context, params json.RawMessage) (any, error) {
	var p struct {
		TextDocument TextDocumentIdentifier `json:"textDocument"`
	}
	if err := json.Unmarshal(params, &p); err != nil {
		return nil, &rpcError{Code: codeInvalidParams, Message: err.Error()}
	}
	lenses := []CodeLens{}
	res := s.analysis.current(ctx)
	for _, item := range res.list {
		if item.URI != p.TextDocument.URI {
			continue
		}
		lens := CodeLens{Range: item.Range}
		verb := "redefines "
		if item.Kind == "original" {
			verb = "runs the original of "
		}
		switch {
		case !item.Valid:
			// The error itself is a diagnostic on the same line: the lens
			// says what it means for the program, not the same words again.
			lens.Command = &Command{Title: "redefines nothing: see Problems", Command: "workbench.actions.view.problems"}
		case item.Original != nil:
			lens.Command = &Command{
				Title:     verb + item.Target + " — go to original",
				Command:   "redefine.goToOriginal",
				Arguments: []any{*item.Original},
			}
		default:
			lens.Command = &Command{Title: verb + item.Target, Command: ""}
		}
		lenses = append(lenses, lens)
	}
	return lenses, nil
}

func (s *Server) hover(ctx context.Context, params json.RawMessage) (any, error) {
	var p TextDocumentPositionParams
	if err := json.Unmarshal(params, &p); err != nil {
		return nil, &rpcError{Code: codeInvalidParams, Message: err.Error()}
	}
	// Only directive lines have hovers; answer others without analysing.
	text, _ := s.text(uriToPath(p.TextDocument.URI))
	start := lineStart(text, p.Position.Line)
	if start < 0 || !strings.HasPrefix(strings.TrimSpace(text[start:]), "//redefine:") {
		return nil, nil
	}
	res := s.analysis.current(ctx)
	for _, item := range res.list {
		if item.URI != p.TextDocument.URI || item.Range.Start.Line != p.Position.Line {
			continue
		}
		var b strings.Builder
		if item.Valid {
			fmt.Fprintf(&b, "**%s** redefines `%s`", shortName(item.Replacement), item.Target)
			if item.Original != nil {
				fmt.Fprintf(&b, " — [go to original](%s#L%d)", item.Original.URI, item.Original.Range.Start.Line+1)
			}
			b.WriteString("\n\nApplied by `redefine build|run|test` and the go-redefine debug configuration.")
		} else {
			// What is wrong is the diagnostic's, which the editor shows with
			// this hover: say what the directive wants instead of repeating it.
			what := "`//redefine:func TARGET` redefines TARGET with the function below"
			if item.Kind == "original" {
				what = "`//redefine:original TARGET` makes the function below run TARGET's original"
			}
			fmt.Fprintf(&b, "%s. Name TARGET as `runtime.FuncForPC` prints it: "+
				"`time.Now`, `net/http.(*Client).Do`, `example.com/m/store.load` (a method's receiver is the replacement's first parameter).", what)
		}
		r := item.Range
		return Hover{Contents: MarkupContent{Kind: "markdown", Value: b.String()}, Range: &r}, nil
	}
	return nil, nil
}

func shortName(s string) string {
	if i := strings.LastIndexByte(s, '.'); i >= 0 {
		return s[i+1:]
	}
	return s
}
