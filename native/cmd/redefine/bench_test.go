package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// TestCodeActionLatency measures the language server on net/http itself
// (about 60 non-test files): the first answer after start (cold, including
// the go command and type checking) and the p50/p90 of code actions once
// the package is loaded (warm). It runs only with REDEFINE_BENCH=1; see
// native/BENCHMARKS-command.md for the command and the figures.
func TestCodeActionLatency(t *testing.T) {
	if os.Getenv("REDEFINE_BENCH") == "" {
		t.Skip("set REDEFINE_BENCH=1 to run the latency benchmark")
	}
	goroot, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(strings.TrimSpace(string(goroot)), "src", "net", "http")
	file := filepath.Join(dir, "client.go")
	text, _ := os.ReadFile(file)
	lines := strings.Split(string(text), "\n")
	// Every call of a selector on the line: time.Now, c.send, req.Context...
	type pos struct{ line, char int }
	var targets []pos
	for i, l := range lines {
		if strings.HasPrefix(strings.TrimSpace(l), "//") {
			continue
		}
		if j := strings.Index(l, "time.Now("); j >= 0 {
			targets = append(targets, pos{i, j + 5})
		}
		if j := strings.Index(l, "c.send("); j >= 0 {
			targets = append(targets, pos{i, j + 2})
		}
		if j := strings.Index(l, "req.Context("); j >= 0 {
			targets = append(targets, pos{i, j + 4})
		}
		if j := strings.Index(l, "strings.HasPrefix("); j >= 0 {
			targets = append(targets, pos{i, j + 8})
		}
		if j := strings.Index(l, "c.deadline("); j >= 0 {
			targets = append(targets, pos{i, j + 2})
		}
	}
	if len(targets) < 5 {
		t.Fatalf("found only %d call sites in %s", len(targets), file)
	}

	start := time.Now()
	c := startLSP(t, dir)
	uri := fileURI(file)
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": uri, "languageId": "go", "version": 1, "text": string(text)}})
	action := func(p pos) []struct{ Title string } {
		var actions []struct{ Title string }
		c.call("textDocument/codeAction", map[string]any{"textDocument": map[string]any{"uri": uri},
			"range":   map[string]any{"start": map[string]any{"line": p.line, "character": p.char}, "end": map[string]any{"line": p.line, "character": p.char}},
			"context": map[string]any{}}, &actions)
		return actions
	}
	first := action(targets[0])
	cold := time.Since(start)
	if len(first) == 0 {
		t.Fatalf("no code action at %v", targets[0])
	}
	var warm []time.Duration
	for round := 0; round < 5; round++ {
		for _, p := range targets {
			t0 := time.Now()
			if len(action(p)) == 0 {
				t.Fatalf("no code action at %v", p)
			}
			warm = append(warm, time.Since(t0))
		}
	}
	sort.Slice(warm, func(i, j int) bool { return warm[i] < warm[j] })
	p50, p90 := warm[len(warm)/2], warm[len(warm)*9/10]
	t.Logf("net/http client.go: cold first answer %v (start, initialize, didOpen, first code action); warm code action p50 %v p90 %v max %v over %d requests",
		cold.Round(time.Millisecond), p50.Round(time.Microsecond), p90.Round(time.Microsecond), warm[len(warm)-1].Round(time.Microsecond), len(warm))
	if cold > 3*time.Second || p50 > 300*time.Millisecond {
		t.Errorf("over budget: cold %v (budget 3s), warm p50 %v (budget 300ms)", cold, p50)
	}
	c.call("shutdown", nil, nil)
	c.notify("exit", nil)
}
