package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func TestLanguageServer(t *testing.T) {
	dir := fixture(t, "lspmod")
	c := startLSP(t, dir)
	mainURI := fileURI(filepath.Join(dir, "main.go"))
	redefURI := fileURI(filepath.Join(dir, "redefine_main.go"))
	mainText, _ := os.ReadFile(filepath.Join(dir, "main.go"))
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
		"uri": mainURI, "languageId": "go", "version": 1, "text": string(mainText)}})

	// Diagnostics for the bad directive, and the list announced.
	c.waitNote("textDocument/publishDiagnostics", func(p json.RawMessage) bool {
		return strings.Contains(string(p), redefURI) && strings.Contains(string(p), "unknown target time.Nowhere: package time has no function Nowhere")
	})
	c.waitNote("redefine/listChanged", func(p json.RawMessage) bool { return strings.Contains(string(p), "time.Now") })

	var list struct {
		Redefinitions []struct {
			Target, Replacement, URI, Error string
			Valid                           bool
			Range                           struct{ Start, End struct{ Line, Character int } }
			Original                        *struct{ URI string }
		}
	}
	c.call("redefine/list", map[string]any{}, &list)
	if len(list.Redefinitions) != 2 {
		t.Fatalf("redefine/list: %+v", list)
	}
	for _, r := range list.Redefinitions {
		switch r.Target {
		case "time.Now":
			if !r.Valid || r.Replacement != "main.fixedNow" || r.URI != redefURI || r.Range.Start.Line != 6 ||
				r.Original == nil || !strings.HasSuffix(r.Original.URI, "/src/time/time.go") {
				t.Errorf("time.Now entry: %+v (original %+v)", r, r.Original)
			}
		case "time.Nowhere":
			if r.Valid || !strings.Contains(r.Error, "no function Nowhere") {
				t.Errorf("time.Nowhere entry: %+v", r)
			}
		default:
			t.Errorf("unexpected entry %+v", r)
		}
	}

	// Code lens and hover on the directive.
	var lenses []struct {
		Command struct {
			Title, Command string
		}
	}
	c.call("textDocument/codeLens", map[string]any{"textDocument": map[string]any{"uri": redefURI}}, &lenses)
	if len(lenses) != 2 || lenses[0].Command.Title != "redefines time.Now — go to original" || lenses[0].Command.Command != "redefine.goToOriginal" {
		t.Errorf("code lenses: %+v", lenses)
	}
	// The lens's command is the server's own: it asks the client to show
	// the original.
	var origURI string
	for _, r := range list.Redefinitions {
		if r.Original != nil {
			origURI = r.Original.URI
			c.call("workspace/executeCommand", map[string]any{"command": "redefine.goToOriginal", "arguments": []any{r.Original}}, nil)
		}
	}
	c.waitNote("window/showDocument", func(p json.RawMessage) bool {
		return strings.Contains(string(p), origURI) && strings.Contains(string(p), `"takeFocus":true`)
	})
	var hover struct{ Contents struct{ Value string } }
	c.call("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": redefURI}, "position": map[string]any{"line": 6, "character": 3}}, &hover)
	if !strings.Contains(hover.Contents.Value, "**fixedNow** redefines `time.Now` — [go to original](file://") {
		t.Errorf("hover: %q", hover.Contents.Value)
	}

	// The code action at a function, a stdlib call and a method call: its
	// edit must equal what `redefine stub -w` writes, and compile.
	for _, at := range []struct {
		line, char int
		title      string
	}{
		{21, 2, "Redefine example.com/lspmod.helper"},
		{19, 4, "Redefine example.com/lspmod.(*Counter).Add"},
	} {
		var actions []struct {
			Title, Kind string
			Edit        json.RawMessage
		}
		c.call("textDocument/codeAction", map[string]any{
			"textDocument": map[string]any{"uri": mainURI},
			"range":        map[string]any{"start": map[string]any{"line": at.line, "character": at.char}, "end": map[string]any{"line": at.line, "character": at.char}},
			"context":      map[string]any{"diagnostics": []any{}},
		}, &actions)
		if len(actions) != 2 || actions[0].Title != at.title || actions[0].Kind != "refactor.rewrite" || actions[1].Title != at.title+" in tests" {
			t.Errorf("code actions at %d:%d: %+v", at.line, at.char, actions)
			continue
		}
		viaLSP := fixture(t, "lspmod")
		applyEdit(t, actions[0].Edit)
		// applyEdit wrote into dir; move the result to viaLSP and restore dir.
		edited, _ := os.ReadFile(filepath.Join(dir, "redefine_main.go"))
		orig, _ := os.ReadFile(filepath.Join("testdata", "lspmod", "redefine_main.go"))
		os.WriteFile(filepath.Join(dir, "redefine_main.go"), orig, 0o644)
		os.WriteFile(filepath.Join(viaLSP, "redefine_main.go"), edited, 0o644)

		viaStub := fixture(t, "lspmod")
		r := redefine(t, viaStub, nil, "stub", "-w", filepath.Join(viaStub, "main.go")+":"+itoa(at.line+1)+":"+itoa(at.char+1))
		if r.code != 0 {
			t.Fatalf("stub -w: %s", r.stderr)
		}
		want, _ := os.ReadFile(filepath.Join(viaStub, "redefine_main.go"))
		if string(edited) != string(want) {
			t.Errorf("%s: the code action's edit differs from stub -w:\n--- edit\n%s\n--- stub -w\n%s", at.title, edited, want)
		}
		// Drop the broken directive of the fixture, then build for real.
		fixed := strings.Replace(string(edited), "//redefine:func time.Nowhere\n", "", 1)
		os.WriteFile(filepath.Join(viaLSP, "redefine_main.go"), []byte(fixed), 0o644)
		if out, err := exec.Command("go", "vet", "-C", viaLSP, "-tags", "redefine", ".").CombinedOutput(); err != nil {
			t.Errorf("%s: the edited package does not compile: %v\n%s", at.title, err, out)
		}
	}

	// No action where there is no function; a filter that excludes it.
	var none []any
	c.call("textDocument/codeAction", map[string]any{"textDocument": map[string]any{"uri": mainURI},
		"range": map[string]any{"start": map[string]any{"line": 0, "character": 0}, "end": map[string]any{"line": 0, "character": 0}}, "context": map[string]any{}}, &none)
	if len(none) != 0 {
		t.Errorf("actions on the package clause: %v", none)
	}
	c.call("textDocument/codeAction", map[string]any{"textDocument": map[string]any{"uri": mainURI},
		"range":   map[string]any{"start": map[string]any{"line": 22, "character": 18}, "end": map[string]any{"line": 22, "character": 18}},
		"context": map[string]any{"only": []string{"quickfix"}}}, &none)
	if len(none) != 0 {
		t.Errorf("actions despite only=quickfix: %v", none)
	}

	// Editing fixes the broken directive: its diagnostics are cleared.
	redefText, _ := os.ReadFile(filepath.Join(dir, "redefine_main.go"))
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
		"uri": redefURI, "languageId": "go", "version": 1, "text": string(redefText)}})
	c.notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": redefURI, "version": 2},
		"contentChanges": []any{map[string]any{"text": strings.Replace(string(redefText), "time.Nowhere", "time.Unix", 1)}}})
	c.waitNote("textDocument/publishDiagnostics", func(p json.RawMessage) bool {
		return strings.Contains(string(p), redefURI) && strings.Contains(string(p), "signature mismatch: time.Unix")
	})

	// Unknown methods are errors; cancelled requests are answered.
	if m := c.wait(c.start("textDocument/definition", map[string]any{})); m.Error == nil || m.Error.Code != -32601 {
		t.Errorf("unknown method: %+v", m)
	}
	id := c.start("redefine/list", map[string]any{})
	c.notify("$/cancelRequest", map[string]any{"id": id})
	if m := c.wait(id); m.Error != nil && m.Error.Code != -32800 {
		t.Errorf("cancelled request: %+v", m.Error)
	}

	c.call("shutdown", nil, nil)
	c.notify("exit", nil)
	err := c.cmd.Wait()
	if err != nil {
		t.Errorf("server exit after shutdown: %v, want status 0", err)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// TestLanguageServerWorkspace: a go.work folder is analysed module by module.
func TestLanguageServerWorkspace(t *testing.T) {
	dir := fixture(t, "ws")
	c := startLSP(t, dir)
	var list struct {
		Redefinitions []struct {
			Target, Replacement string
			Valid               bool
		}
	}
	c.call("redefine/list", map[string]any{}, &list)
	if len(list.Redefinitions) != 1 || list.Redefinitions[0].Target != "example.com/wslib.Greeting" ||
		list.Redefinitions[0].Replacement != "example.com/wslib.fixedGreeting" || !list.Redefinitions[0].Valid {
		t.Errorf("redefine/list in a workspace: %+v", list)
	}
	c.call("shutdown", nil, nil)
	c.notify("exit", nil)
}

// TestLanguageServerFolders: every workspace folder is analysed, and folders
// added later are too.
func TestLanguageServerFolders(t *testing.T) {
	seed, frozen := fixture(t, "seed"), fixture(t, "frozen")
	c := startLSP(t, seed)
	type list struct {
		Redefinitions []struct{ Target, Replacement string }
	}
	var l list
	c.call("redefine/list", map[string]any{}, &l)
	if len(l.Redefinitions) != 1 || l.Redefinitions[0].Replacement != "main.myTimeNow" {
		t.Fatalf("one folder: %+v", l)
	}
	c.notify("workspace/didChangeWorkspaceFolders", map[string]any{"event": map[string]any{
		"added": []any{map[string]any{"uri": fileURI(frozen), "name": "frozen"}}, "removed": []any{}}})
	c.waitNote("redefine/listChanged", func(p json.RawMessage) bool { return strings.Contains(string(p), "example.com/frozen.fivePM") })
	c.call("redefine/list", map[string]any{}, &l)
	if len(l.Redefinitions) != 2 {
		t.Errorf("two folders: %+v", l)
	}
	c.call("shutdown", nil, nil)
	c.notify("exit", nil)
}

// TestLanguageServerBuildFlags: goRedefine.buildFlags (initializationOptions,
// then workspace/didChangeConfiguration) select the files analysed.
func TestLanguageServerBuildFlags(t *testing.T) {
	dir := fixture(t, "flags") // redefine_mode.go needs the integration tag
	c := startLSPWith(t, dir, map[string]any{"buildFlags": []string{"-tags=integration"}})
	var l struct{ Redefinitions []struct{ Target string } }
	c.call("redefine/list", map[string]any{}, &l)
	if len(l.Redefinitions) != 1 || l.Redefinitions[0].Target != "fmt.Sprint" {
		t.Errorf("with -tags=integration: %+v", l)
	}
	c.notify("workspace/didChangeConfiguration", map[string]any{"settings": map[string]any{"goRedefine": map[string]any{"buildFlags": []string{}}}})
	c.call("redefine/list", map[string]any{}, &l)
	if len(l.Redefinitions) != 0 {
		t.Errorf("without the tag: %+v", l)
	}
	c.call("shutdown", nil, nil)
	c.notify("exit", nil)
}

// TestLanguageServerOriginal: a //redefine:original stand-in is listed with
// kind "original", and its code lens says what it does.
func TestLanguageServerOriginal(t *testing.T) {
	dir := fixture(t, "original")
	c := startLSP(t, dir)
	var l struct {
		Redefinitions []struct{ Target, Replacement, Kind string }
	}
	c.call("redefine/list", map[string]any{}, &l)
	kinds := map[string]string{}
	for _, r := range l.Redefinitions {
		kinds[r.Replacement] = r.Target + " " + r.Kind
	}
	if kinds["main.realNow"] != "time.Now original" || kinds["main.tenYearsAgo"] != "time.Now " {
		t.Errorf("redefine/list: %+v", l)
	}
	var lenses []struct{ Command struct{ Title string } }
	c.call("textDocument/codeLens", map[string]any{"textDocument": map[string]any{"uri": fileURI(filepath.Join(dir, "redefine_now.go"))}}, &lenses)
	var titles []string
	for _, l := range lenses {
		titles = append(titles, l.Command.Title)
	}
	if got := strings.Join(titles, " | "); !strings.Contains(got, "runs the original of time.Now") || !strings.Contains(got, "redefines time.Now") {
		t.Errorf("code lenses: %s", got)
	}
	c.call("shutdown", nil, nil)
	c.notify("exit", nil)
}
