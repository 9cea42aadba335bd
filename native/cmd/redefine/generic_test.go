package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// genericOutput is what testdata/generic prints under redefine run: only
// Max[int] and (*Box[string]).Get are redefined, however they are called.
const genericOutput = `direct: 400
from its package: 400
func value: 400
same shape: 4 4
other shape: 2.5
method: <x> <x> <x>
other box: 7
`

// TestGenericDirectives: directives that name generic instantiations, with
// the real engine, natively and, for linux/arm64, under qemu with both
// strategies.
func TestGenericDirectives(t *testing.T) {
	realEngine(t)
	type platform struct {
		name string
		env  []string
		exec []string
	}
	platforms := []platform{{name: "native"}}
	if qemu, err := exec.LookPath("qemu-aarch64-static"); err == nil && !testing.Short() {
		for _, s := range []string{"inplace", "duplicate"} {
			platforms = append(platforms, platform{"linux/arm64 under qemu, " + s,
				[]string{"GOARCH=arm64", "CGO_ENABLED=0", "REDEFINE_STRATEGY=" + s}, []string{"-exec", qemu}})
		}
	}
	for _, p := range platforms {
		t.Run(p.name, func(t *testing.T) {
			dir := fixture(t, "generic")
			report := filepath.Join(t.TempDir(), "report.jsonl")
			var r result
			untouched(t, dir, func() {
				r = redefine(t, dir, append(p.env, "REDEFINE_REPORT="+report), append(append([]string{"run"}, p.exec...), ".")...)
			})
			if r.code != 0 || r.stdout != genericOutput {
				t.Fatalf("run: exit %d, output:\n%s\nwant:\n%s\n%s", r.code, r.stdout, genericOutput, r.stderr)
			}
			checkReport(t, report, "example.com/generic/g.Max[int]", "main.maxTimes100")
			checkReport(t, report, "example.com/generic/g.(*Box[string]).Get", "main.boxGet")
			r = redefine(t, dir, p.env, append(append([]string{"test"}, p.exec...), "-count=1", "-v", "./g")...)
			if r.code != 0 || !strings.Contains(r.stdout, "--- PASS: TestMaxID") {
				t.Errorf("test: exit %d\n%s%s", r.code, r.stdout, r.stderr)
			}
		})
	}
}

// TestGenericStubs: a stub asked for at a call of a generic function is
// for the instantiation the call uses, with its type arguments inferred as
// the compiler infers them; the stubs compile and their directives check
// out.
func TestGenericStubs(t *testing.T) {
	dir := fixture(t, "generic")
	file := filepath.Join(dir, "main.go")
	for _, c := range []struct{ pos, want string }{
		{"19:32", "//redefine:func example.com/generic/g.Max[float64]\nfunc redefinedMax(a float64, b float64) float64 {"},
		{"18:31", "//redefine:func example.com/generic/g.Max[example.com/generic/g.ID]\nfunc redefinedMax2(a g.ID, b g.ID) g.ID {"},
		{"18:50", "//redefine:func example.com/generic/g.Max[example.com/generic.local]\nfunc redefinedMax3(a local, b local) local {"},
		{"24:45", "//redefine:func example.com/generic/g.(*Box[int]).Get\nfunc redefinedBoxGet(b *g.Box[int]) int {"},
	} {
		r := redefine(t, dir, nil, "stub", "-w", file+":"+c.pos)
		if r.code != 0 {
			t.Fatalf("stub %s: exit %d\n%s", c.pos, r.code, r.stderr)
		}
		data, _ := os.ReadFile(filepath.Join(dir, "redefine_main.go"))
		if !strings.Contains(string(data), c.want) {
			t.Errorf("stub %s: lacks %q:\n%s", c.pos, c.want, data)
		}
	}
	if out, err := exec.Command("go", "vet", "-C", dir, "-tags", "redefine", "./...").CombinedOutput(); err != nil {
		t.Fatalf("the stubs do not compile: %v\n%s", err, out)
	}
	if r := redefine(t, dir, nil, "list", "."); r.code != 0 || strings.Count(r.stdout, "example.com/generic/g.") < 6 {
		t.Errorf("redefine list: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r := redefine(t, dir, nil, "stub", file+":23:37")
	if r.code == 0 || !strings.Contains(r.stderr, "interface method") {
		t.Errorf("stub on an interface method: exit %d\n%s", r.code, r.stderr)
	}
}

// TestLanguageServerGenericInstances: the list and the code action know
// generic instantiations, and redefine/instances tells the editor which
// calls use the redefined ones: Max(3, 4) and b.Get(), not Max(1.5, 2.5),
// Max[g.ID] or (*Box[int]).Get.
func TestLanguageServerGenericInstances(t *testing.T) {
	dir := fixture(t, "generic")
	c := startLSP(t, dir)
	mainURI := fileURI(filepath.Join(dir, "main.go"))
	mainText, _ := os.ReadFile(filepath.Join(dir, "main.go"))
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
		"uri": mainURI, "languageId": "go", "version": 1, "text": string(mainText)}})
	c.waitNote("redefine/listChanged", func(p json.RawMessage) bool {
		return strings.Contains(string(p), "example.com/generic/g.Max[int]") && strings.Contains(string(p), "example.com/generic/g.(*Box[string]).Get")
	})
	var res struct {
		Sites []struct {
			Target, Replacement string
			Range               struct{ Start, End struct{ Line, Character int } }
		}
	}
	c.call("redefine/instances", map[string]any{"textDocument": map[string]any{"uri": mainURI}}, &res)
	var got []string
	for _, s := range res.Sites {
		got = append(got, fmt.Sprintf("%d:%d-%d %s", s.Range.Start.Line+1, s.Range.Start.Character+1, s.Range.End.Character+1, s.Target))
	}
	want := []string{
		"14:9-12 example.com/generic/g.Max[int]",
		"15:27-30 example.com/generic/g.Max[int]",
		"18:31-34 example.com/generic/g.Max[example.com/generic/g.ID]",
		"22:9-12 example.com/generic/g.(*Box[string]).Get",
		"23:27-30 example.com/generic/g.(*Box[string]).Get",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("redefine/instances:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	var actions []struct{ Title string }
	c.call("textDocument/codeAction", map[string]any{
		"textDocument": map[string]any{"uri": mainURI},
		"range":        map[string]any{"start": map[string]any{"line": 18, "character": 31}, "end": map[string]any{"line": 18, "character": 31}},
		"context":      map[string]any{"diagnostics": []any{}, "only": []string{"refactor.rewrite"}},
	}, &actions)
	if len(actions) != 2 || actions[0].Title != "Redefine example.com/generic/g.Max[float64]" {
		t.Errorf("code actions at Max(1.5, 2.5): %+v", actions)
	}
}
