package lsp

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"sync"
	"time"

	"goredefine.dev/internal/directives"
)

// analyzer checks the directives of the whole workspace after edits settle,
// publishes their diagnostics and tells the client when the list of
// redefinitions changed (redefine/listChanged).
type analyzer struct {
	s        *Server
	debounce time.Duration
	kick     chan struct{}

	mu        sync.Mutex // one analysis at a time
	latest    *analysisResult
	published map[string]bool // files that have diagnostics on the client
	lastList  []byte
}

type analysisResult struct {
	gen    int
	list   []Redefinition
	byFile map[string][]*directives.Redefinition
	diags  map[string][]Diagnostic
	err    error
}

func newAnalyzer(s *Server, debounce time.Duration) *analyzer {
	return &analyzer{s: s, debounce: debounce, kick: make(chan struct{}, 1), published: map[string]bool{}}
}

func (a *analyzer) schedule() {
	select {
	case a.kick <- struct{}{}:
	default:
	}
}

func (a *analyzer) run(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-a.kick:
		}
		// Let a burst of edits settle.
		timer := time.NewTimer(a.debounce)
	settle:
		for {
			select {
			case <-ctx.Done():
				timer.Stop()
				return
			case <-a.kick:
				timer.Reset(a.debounce)
			case <-timer.C:
				break settle
			}
		}
		a.current(ctx)
		a.prefetch(ctx)
	}
}

// prefetch loads the packages of open documents so that the first code
// action there is answered warm.
func (a *analyzer) prefetch(ctx context.Context) {
	a.s.mu.Lock()
	dirs := map[string]string{}
	for p := range a.s.docs {
		dirs[filepath.Dir(p)] = p
	}
	a.s.mu.Unlock()
	for _, file := range dirs {
		a.s.pkgs.get(ctx, file)
	}
}

// current returns an analysis of the workspace as it is now, running one
// if the latest is stale, and publishes what changed.
func (a *analyzer) current(ctx context.Context) *analysisResult {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.s.mu.Lock()
	gen, roots := a.s.gen, append([]string(nil), a.s.roots...)
	a.s.mu.Unlock()
	if a.latest != nil && a.latest.gen == gen {
		return a.latest
	}
	res := &analysisResult{gen: gen, byFile: map[string][]*directives.Redefinition{}, diags: map[string][]Diagnostic{}, list: []Redefinition{}}
	overlay := a.s.overlay()
	var scopes []scope
	for _, root := range roots {
		scopes = append(scopes, workspaceScopes(root)...)
	}
	failed := 0
	for _, sc := range scopes {
		loaded, err := directives.Load(directives.Config{
			Dir: sc.dir, Env: a.s.env, BuildFlags: a.s.buildFlags(), Tests: true, Overlay: overlay,
		}, sc.patterns...)
		if err != nil {
			failed++
			res.err = err
			fmt.Fprintf(a.s.log, "analysis of %s: %v\n", sc.dir, err)
			continue
		}
		a.fill(res, loaded)
	}
	if failed < len(scopes) || len(scopes) == 0 {
		res.err = nil // publish what the modules that load say
	}
	a.latest = res
	a.publish(res)
	return res
}

func (a *analyzer) fill(res *analysisResult, loaded *directives.Result) {
	texts := map[string]string{}
	text := func(file string) string {
		t, ok := texts[file]
		if !ok {
			t, _ = a.s.text(file)
			texts[file] = t
		}
		return t
	}
	// The syntax and type errors of redefinition files: nothing else shows
	// them, since other tools build without the redefine tag.
	for _, d := range append(loaded.Diagnostics[:len(loaded.Diagnostics):len(loaded.Diagnostics)], loaded.FileErrors...) {
		if d.Pos.Line == 0 {
			continue // not in a file (command-line flags)
		}
		t := text(d.Pos.Filename)
		r := Range{Start: lspPosition(t, d.Pos.Line, d.Pos.Column)}
		r.End = r.Start
		if d.End.Line > 0 {
			r.End = lspPosition(t, d.End.Line, d.End.Column)
		}
		diag := Diagnostic{Range: r, Severity: 1, Source: "redefine", Message: d.Message}
		if len(d.Fixes) > 0 {
			diag.Data = &DiagnosticData{Fixes: d.Fixes}
		}
		res.diags[d.Pos.Filename] = append(res.diags[d.Pos.Filename], diag)
	}
	for _, r := range loaded.Redefinitions {
		res.byFile[r.File] = append(res.byFile[r.File], r)
		t := text(r.File)
		start := lspPosition(t, r.Pos.Line, r.Pos.Column)
		end := Position{Line: start.Line, Character: start.Character}
		if r.TargetEnd.Line > 0 {
			end = lspPosition(t, r.TargetEnd.Line, r.TargetEnd.Column)
		}
		item := Redefinition{
			Target: r.TargetShown(), Replacement: r.ReplacementShown(),
			URI: pathToURI(r.File), Range: Range{Start: start, End: end},
			Valid: r.Valid(), Error: r.Err,
		}
		if r.Original {
			item.Kind = "original"
		}
		if r.TargetDecl.IsValid() {
			p := lspPosition(text(r.TargetDecl.Filename), r.TargetDecl.Line, r.TargetDecl.Column)
			item.Original = &Location{URI: pathToURI(r.TargetDecl.Filename), Range: Range{Start: p, End: p}}
		}
		res.list = append(res.list, item)
	}
}

// publish sends diagnostics for files that have some, clears files that
// no longer do, and announces a changed list.
func (a *analyzer) publish(res *analysisResult) {
	if res.err != nil {
		return // keep what the client shows until the workspace loads again
	}
	for file, diags := range res.diags {
		a.s.conn.notify("textDocument/publishDiagnostics", PublishDiagnosticsParams{URI: pathToURI(file), Diagnostics: diags})
		a.published[file] = true
	}
	for file := range a.published {
		if _, ok := res.diags[file]; !ok {
			a.s.conn.notify("textDocument/publishDiagnostics", PublishDiagnosticsParams{URI: pathToURI(file), Diagnostics: []Diagnostic{}})
			delete(a.published, file)
		}
	}
	data, _ := json.Marshal(res.list)
	if string(data) != string(a.lastList) {
		a.lastList = data
		a.s.conn.notify("redefine/listChanged", ListResult{Redefinitions: res.list})
	}
}
