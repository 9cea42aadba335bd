package lsp

import (
	"context"
	"encoding/json"
	"strings"

	"goredefine.dev/internal/directives"
	"goredefine.dev/internal/stub"
)

// instances answers redefine/instances: the uses, in one document, of the
// generic instantiations the workspace redefines. The document's package is
// type-checked (the code actions' cache), and only when some redefinition
// targets an instantiation.
func (s *Server) instances(ctx context.Context, params json.RawMessage) (any, error) {
	var p InstancesParams
	if err := json.Unmarshal(params, &p); err != nil {
		return nil, &rpcError{Code: codeInvalidParams, Message: err.Error()}
	}
	out := InstancesResult{Sites: []InstanceSite{}}
	path := uriToPath(p.TextDocument.URI)
	if !strings.HasSuffix(path, ".go") {
		return out, nil
	}
	generic := map[string]*directives.Redefinition{}
	for _, rs := range s.analysis.current(ctx).byFile {
		for _, r := range rs {
			if r.Valid() && r.Instance != nil {
				generic[r.Target.String()] = r
			}
		}
	}
	if len(generic) == 0 {
		return out, nil
	}
	loaded, _, err := s.pkgs.get(ctx, path)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return out, nil
	}
	text, _ := s.text(path)
	for _, site := range stub.InstanceSites(loaded, path) {
		r := generic[site.Name.String()]
		if r == nil {
			continue
		}
		out.Sites = append(out.Sites, InstanceSite{
			Target: r.TargetShown(), Replacement: r.ReplacementShown(),
			Range: Range{Start: lspPosition(text, site.Pos.Line, site.Pos.Column), End: lspPosition(text, site.End.Line, site.End.Column)},
		})
	}
	return out, nil
}
