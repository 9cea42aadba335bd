package main

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// TestMethodOccurrencesLatency measures redefine/methodOccurrences, which the
// extension asks once per document version when a redefined target is a
// method, on the package of TestCodeActionLatency (34 files, about 31,000
// lines) with (*net/http.Client).Do redefined: the first answer (the
// package loaded and the workspace analysed) and warm answers for file17.go
// (920 lines, 15 calls of client.Do). It runs only with REDEFINE_BENCH=1; see
// BENCHMARKS.md.
func TestMethodOccurrencesLatency(t *testing.T) {
	if os.Getenv("REDEFINE_BENCH") == "" {
		t.Skip("set REDEFINE_BENCH=1 to run the latency benchmark")
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/bench\n\ngo 1.22\n"), 0o644)
	for i := 0; i < 34; i++ {
		os.WriteFile(filepath.Join(dir, fmt.Sprintf("file%02d.go", i)), []byte(benchFile(i)), 0o644)
	}
	os.WriteFile(filepath.Join(dir, "redefine_bench.go"), []byte(`//go:build redefine

package bench

import "net/http"

//redefine:func net/http.(*Client).Do
func noRequests(c *http.Client, req *http.Request) (*http.Response, error) { return nil, nil }
`), 0o644)
	file := filepath.Join(dir, "file17.go")
	text, _ := os.ReadFile(file)
	calls := strings.Count(string(text), "client.Do(")

	start := time.Now()
	c := startLSP(t, dir)
	uri := fileURI(file)
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": uri, "languageId": "go", "version": 1, "text": string(text)}})
	ask := func() int {
		var res struct{ Occurrences []struct{ Target string } }
		c.call("redefine/methodOccurrences", map[string]any{"textDocument": map[string]any{"uri": uri}}, &res)
		return len(res.Occurrences)
	}
	if n := ask(); n != calls {
		t.Fatalf("%d occurrences, want the %d calls of client.Do", n, calls)
	}
	cold := time.Since(start)
	var warm []time.Duration
	for i := 0; i < 40; i++ {
		t0 := time.Now()
		ask()
		warm = append(warm, time.Since(t0))
	}
	// The baseline, in the same session: redefine/list, the other request the
	// decorations make, answered from the same analysis.
	var list []time.Duration
	for i := 0; i < 40; i++ {
		t0 := time.Now()
		c.call("redefine/list", map[string]any{}, nil)
		list = append(list, time.Since(t0))
	}
	for _, d := range [][]time.Duration{warm, list} {
		sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	}
	t.Logf("file17.go, %d calls of client.Do: first answer %v (start, initialize, didOpen, analysis, load); warm p50 %v p90 %v max %v over %d requests; redefine/list p50 %v (%.1fx)",
		calls, cold.Round(time.Millisecond), warm[len(warm)/2].Round(time.Microsecond), warm[len(warm)*9/10].Round(time.Microsecond), warm[len(warm)-1].Round(time.Microsecond), len(warm),
		list[len(list)/2].Round(time.Microsecond), float64(warm[len(warm)/2])/float64(list[len(list)/2]))
	c.call("shutdown", nil, nil)
	c.notify("exit", nil)
}
