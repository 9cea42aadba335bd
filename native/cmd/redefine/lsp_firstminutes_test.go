package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

type codeAction struct {
	Title    string `json:"title"`
	Kind     string `json:"kind"`
	Disabled *struct {
		Reason string `json:"reason"`
	} `json:"disabled"`
	Edit    json.RawMessage `json:"edit"`
	Command *struct {
		Title     string            `json:"title"`
		Command   string            `json:"command"`
		Arguments []json.RawMessage `json:"arguments"`
	} `json:"command"`
	Data *struct {
		Target   string          `json:"target"`
		Test     bool            `json:"test"`
		Existing json.RawMessage `json:"existing"`
	} `json:"data"`
}

func (c *lspClient) codeActions(uri string, line, char int) []codeAction {
	c.t.Helper()
	var actions []codeAction
	pos := map[string]any{"line": line, "character": char}
	c.call("textDocument/codeAction", map[string]any{
		"textDocument": map[string]any{"uri": uri},
		"range":        map[string]any{"start": pos, "end": pos},
		"context":      map[string]any{"diagnostics": []any{}, "only": []string{"refactor.rewrite"}, "triggerKind": 1},
	}, &actions)
	return actions
}

// TestLanguageServerRefusals: where no stub can be written, the server says
// why (a disabled action with the reason, as `redefine stub` says it), and a
// target redefined already is offered as a way to its replacement, not as a
// second stub that would be refused at once.
func TestLanguageServerRefusals(t *testing.T) {
	dir := fixture(t, "firstminutes")
	c := startLSP(t, dir)
	mainPath := filepath.Join(dir, "main.go")
	mainURI := fileURI(mainPath)
	text, _ := os.ReadFile(mainPath)
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": mainURI, "languageId": "go", "version": 1, "text": string(text)}})

	// Write through io.Writer (line 13, 0-based 12): an interface method.
	got := c.codeActions(mainURI, 12, 23)
	if len(got) != 1 || got[0].Disabled == nil || got[0].Edit != nil || got[0].Kind != "refactor.rewrite" ||
		got[0].Disabled.Reason != "(io.Writer).Write is an interface method: redefine the method of a concrete type" ||
		got[0].Title != "Redefine (io.Writer).Write" {
		t.Errorf("(io.Writer).Write: %+v", got)
	}
	r := redefine(t, dir, nil, "stub", mainPath+":13:24")
	if r.code == 0 || !strings.Contains(r.stderr, got[0].Disabled.Reason) {
		t.Errorf("redefine stub says %q; the server %q", r.stderr, got[0].Disabled.Reason)
	}

	// time.Now (line 16): redefined in redefine_now.go already.
	got = c.codeActions(mainURI, 15, 20)
	if len(got) != 1 || got[0].Edit != nil || got[0].Disabled != nil || got[0].Command == nil ||
		got[0].Title != "Go to the replacement of time.Now (redefine_now.go:7)" ||
		got[0].Command.Command != "redefine.goToReplacement" || got[0].Data == nil || got[0].Data.Target != "time.Now" || got[0].Data.Existing == nil {
		t.Fatalf("time.Now: %+v", got)
	}
	var loc struct {
		URI   string
		Range struct{ Start struct{ Line, Character int } }
	}
	json.Unmarshal(got[0].Data.Existing, &loc)
	if loc.URI != fileURI(filepath.Join(dir, "redefine_now.go")) || loc.Range.Start.Line != 6 || loc.Range.Start.Character != 0 {
		t.Errorf("existing location: %+v", loc)
	}
	// The command shows it (window/showDocument), as the code lens's go to original does.
	var args []any
	for _, a := range got[0].Command.Arguments {
		args = append(args, a)
	}
	c.call("workspace/executeCommand", map[string]any{"command": got[0].Command.Command, "arguments": args}, nil)
	c.waitNote("window/showDocument", func(p json.RawMessage) bool {
		return strings.Contains(string(p), "redefine_now.go") && strings.Contains(string(p), `"line":6`)
	})

	// b.WriteString (line 15): offered, until the stub file stops parsing.
	got = c.codeActions(mainURI, 14, 5)
	if len(got) != 2 || got[0].Title != "Redefine strings.(*Builder).WriteString" || got[0].Disabled != nil {
		t.Errorf("b.WriteString: %+v", got)
	}
	stubPath := filepath.Join(dir, "redefine_main.go")
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": fileURI(stubPath), "languageId": "go", "version": 1,
		"text": "//go:build redefine\n\npackage main\n\nfunc half( {\n"}})
	got = c.codeActions(mainURI, 14, 5)
	if len(got) != 1 || got[0].Disabled == nil ||
		!strings.HasPrefix(got[0].Disabled.Reason, "redefine_main.go does not parse, so the stub cannot be added to it: ") ||
		!strings.HasSuffix(got[0].Disabled.Reason, "fix it (Problems lists the error), then redefine again") {
		t.Errorf("unparsable stub file: %+v", got)
	}

	// Nothing at all where no function is named (the variable b, the package clause).
	for _, at := range [][2]int{{13, 5}, {2, 0}} {
		if got := c.codeActions(mainURI, at[0], at[1]); len(got) != 0 {
			t.Errorf("%v: %+v", at, got)
		}
	}
}

// TestLanguageServerMethodOccurrences: the calls of a redefined method on a
// value (b.WriteString), which need types to be told apart from any other
// WriteString, are answered by redefine/methodOccurrences for decorations.
func TestLanguageServerMethodOccurrences(t *testing.T) {
	dir := fixture(t, "firstminutes")
	os.WriteFile(filepath.Join(dir, "redefine_builder.go"), []byte(`//go:build redefine

package main

import "strings"

//redefine:func strings.(*Builder).WriteString
func quietWrite(b *strings.Builder, s string) (int, error) { return len(s), nil }
`), 0o644)
	c := startLSP(t, dir)
	mainURI := fileURI(filepath.Join(dir, "main.go"))
	text, _ := os.ReadFile(filepath.Join(dir, "main.go"))
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": mainURI, "languageId": "go", "version": 1, "text": string(text)}})
	var res struct {
		Occurrences []struct {
			Target string
			Range  struct{ Start, End struct{ Line, Character int } }
		}
	}
	c.call("redefine/methodOccurrences", map[string]any{"textDocument": map[string]any{"uri": mainURI}}, &res)
	if len(res.Occurrences) != 1 {
		t.Fatalf("occurrences: %+v", res)
	}
	o := res.Occurrences[0]
	if o.Target != "strings.(*Builder).WriteString" || o.Range.Start.Line != 14 || o.Range.Start.Character != 3 || o.Range.End.Character != 14 {
		t.Errorf("occurrence: %+v", o)
	}
	// b.String is not redefined; a document without redefined methods gets none.
	redefURI := fileURI(filepath.Join(dir, "redefine_now.go"))
	c.call("redefine/methodOccurrences", map[string]any{"textDocument": map[string]any{"uri": redefURI}}, &res)
	if len(res.Occurrences) != 0 {
		t.Errorf("redefine_now.go: %+v", res)
	}
}

// TestLanguageServerFileErrors: a redefinition file (built only with the
// redefine tag, so gopls skips it) that stops parsing, or has a type error,
// shows it in Problems at once, not at the next failed build.
func TestLanguageServerFileErrors(t *testing.T) {
	dir := fixture(t, "firstminutes")
	c := startLSP(t, dir)
	path := filepath.Join(dir, "redefine_now.go")
	uri := fileURI(path)
	good, _ := os.ReadFile(path)
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": uri, "languageId": "go", "version": 1, "text": string(good)}})
	edit := func(version int, text string) {
		c.notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": uri, "version": version},
			"contentChanges": []any{map[string]any{"text": text}}})
	}
	type diags struct {
		URI         string
		Diagnostics []struct {
			Range   struct{ Start struct{ Line, Character int } }
			Message string
		}
	}
	waitFor := func(what string, ok func(diags) bool) diags {
		t.Helper()
		var got diags
		c.waitNote("textDocument/publishDiagnostics", func(p json.RawMessage) bool {
			var d diags
			json.Unmarshal(p, &d)
			if d.URI == uri && ok(d) {
				got = d
				return true
			}
			return false
		})
		return got
	}
	// A body left half typed.
	edit(2, strings.Replace(string(good), "{ return time.Date(2026, 1, 30, 17, 0, 0, 0, time.UTC) }", "{ return time.Date(2026, 1, 30, 17, 0, 0, 0, time.UTC", 1))
	d := waitFor("a syntax error", func(d diags) bool { return len(d.Diagnostics) > 0 })
	if !strings.Contains(d.Diagnostics[0].Message, "missing ','") || d.Diagnostics[0].Range.Start.Line != 7 {
		t.Errorf("syntax error: %+v", d)
	}
	// Parses, but returns the wrong type.
	edit(3, strings.Replace(string(good), "return time.Date(2026, 1, 30, 17, 0, 0, 0, time.UTC)", `return "5 PM"`, 1))
	d = waitFor("a type error", func(d diags) bool {
		return len(d.Diagnostics) > 0 && !strings.Contains(d.Diagnostics[0].Message, "missing ','")
	})
	if !strings.Contains(d.Diagnostics[0].Message, `cannot use "5 PM"`) || d.Diagnostics[0].Range.Start.Line != 7 {
		t.Errorf("type error: %+v", d)
	}
	// Parses and type-checks, but has no body: the compiler refuses it.
	edit(4, strings.Replace(string(good), " { return time.Date(2026, 1, 30, 17, 0, 0, 0, time.UTC) }", "", 1))
	d = waitFor("a missing body", func(d diags) bool {
		return len(d.Diagnostics) == 1 && d.Diagnostics[0].Message == "missing function body"
	})
	if d.Diagnostics[0].Message != "missing function body" || d.Diagnostics[0].Range.Start.Line != 7 || d.Diagnostics[0].Range.Start.Character != 5 {
		t.Errorf("missing body: %+v", d)
	}
	// Fixed: cleared.
	edit(5, string(good))
	waitFor("no diagnostics", func(d diags) bool { return len(d.Diagnostics) == 0 })
}

// TestLanguageServerDirectiveTypo: a misspelt target gets the name it was
// probably meant to be, and the hover on the broken directive explains the
// directive instead of repeating the diagnostic the editor shows with it.
func TestLanguageServerDirectiveTypo(t *testing.T) {
	dir := fixture(t, "firstminutes")
	path := filepath.Join(dir, "redefine_now.go")
	data, _ := os.ReadFile(path)
	os.WriteFile(path, []byte(strings.Replace(string(data), "//redefine:func time.Now", "//redefine:func time.Nwo", 1)), 0o644)
	c := startLSP(t, dir)
	uri := fileURI(path)
	text, _ := os.ReadFile(path)
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": uri, "languageId": "go", "version": 1, "text": string(text)}})
	const want = "unknown target time.Nwo: package time has no function Nwo; did you mean time.Now?"
	note := c.waitNote("textDocument/publishDiagnostics", func(p json.RawMessage) bool {
		return strings.Contains(string(p), uri) && strings.Contains(string(p), want)
	})
	// The suggestion is a quick fix too: the diagnostic comes back with the
	// request (its data holds the names), and the fix replaces the target.
	var published struct{ Diagnostics []json.RawMessage }
	json.Unmarshal(note, &published)
	var fixes []struct {
		Title, Kind string
		Edit        struct {
			DocumentChanges []struct {
				Edits []struct {
					Range   struct{ Start, End struct{ Line, Character int } }
					NewText string
				}
			}
		}
	}
	c.call("textDocument/codeAction", map[string]any{
		"textDocument": map[string]any{"uri": uri},
		"range":        map[string]any{"start": map[string]any{"line": 6, "character": 20}, "end": map[string]any{"line": 6, "character": 20}},
		"context":      map[string]any{"diagnostics": published.Diagnostics, "only": []string{"quickfix"}},
	}, &fixes)
	if len(fixes) != 1 || fixes[0].Title != "Change to time.Now" || fixes[0].Kind != "quickfix" || len(fixes[0].Edit.DocumentChanges) != 1 {
		t.Fatalf("quick fixes: %+v", fixes)
	}
	e := fixes[0].Edit.DocumentChanges[0].Edits[0]
	if e.NewText != "time.Now" || e.Range.Start.Line != 6 || e.Range.Start.Character != 16 || e.Range.End.Character != 24 {
		t.Errorf("the fix's edit: %+v", e)
	}
	var hover struct{ Contents struct{ Value string } }
	c.call("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": uri}, "position": map[string]any{"line": 6, "character": 20}}, &hover)
	if strings.Contains(hover.Contents.Value, "no function Nwo") || !strings.Contains(hover.Contents.Value, "`//redefine:func TARGET` redefines TARGET with the function below. Name TARGET as") {
		t.Errorf("hover on the broken directive: %q", hover.Contents.Value)
	}
	// The code lens says what the problem means, without its words again.
	var lenses []struct{ Command struct{ Title, Command string } }
	c.call("textDocument/codeLens", map[string]any{"textDocument": map[string]any{"uri": uri}}, &lenses)
	if len(lenses) != 1 || lenses[0].Command.Title != "redefines nothing: see Problems" || lenses[0].Command.Command != "workbench.actions.view.problems" {
		t.Errorf("code lens on the broken directive: %+v", lenses)
	}
	// The command says the same.
	r := redefine(t, dir, nil, "list")
	if !strings.Contains(r.stdout+r.stderr, want) {
		t.Errorf("redefine list: %s%s", r.stdout, r.stderr)
	}
}
