package lsp

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"goredefine.dev/internal/stub"
)

func (s *Server) codeAction(ctx context.Context, params json.RawMessage) (any, error) {
	var p CodeActionParams
	if err := json.Unmarshal(params, &p); err != nil {
		return nil, &rpcError{Code: codeInvalidParams, Message: err.Error()}
	}
	actions := []CodeAction{}
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
		return actions, nil // a package that does not load offers no action
	}
	for _, test := range []bool{false, true} {
		st, err := stub.FromPackages(pkgs, stub.Request{File: path, Line: line, Col: col, Test: test, Overlay: overlay})
		if err != nil {
			fmt.Fprintf(s.log, "codeAction: %v\n", err)
			return actions, nil
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
			lens.Command = &Command{Title: "redefine: " + item.Error, Command: ""}
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
			fmt.Fprintf(&b, "**invalid redefinition** of `%s`: %s", item.Target, item.Error)
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
