package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// The regression corpus: real third-party modules, pinned, from the module
// proxy (cached in the module cache), whose tests must give the same
// results under redefine test, with a transparent redefinition of time.Now
// (a replacement that calls the original), as under go test.
var corpus = []struct {
	path, version string
	run, skip     string // -run, -skip: leave out the tests that depend on timing
	goLine        string // what the module declares (checked: the point is to cover old ones)
}{
	// go 1.12; its scheduler tests sleep and time out under load, so only
	// the parser, schedule and option tests run.
	{"github.com/robfig/cron/v3", "v3.0.1",
		"^(TestRange|TestField|TestAll|TestBits|TestParse.*|TestOptionalSecondSchedule|TestNormalizeFields.*|TestStandardSpecSchedule|TestNoDescriptorParser|TestActivation|TestNext.*|TestErrors|TestSlash0NoHang|TestConstantDelayNext|TestWithLocation|TestWithParser)$", "", "1.12"},
	// go 1.13, with dependencies (testify, x/sys); three tests wait 0.5 s
	// for a writer and one wants 5,000 log calls within a second: under
	// -race or qemu they fail, or not, with go test too.
	{"github.com/sirupsen/logrus", "v1.9.3", "", "^(TestWriterSplitNewlines|TestWriterSplitsMax64KB|TestHandler|TestCallerReportingOverhead)$", "1.13"},
	{"github.com/google/uuid", "v1.6.0", "", "", ""}, // no go line
}

// TestCorpus runs the corpus on linux/amd64 natively (once more with -race
// and with -cover) and on linux/arm64 under qemu with the duplicate
// strategy. It runs only with REDEFINE_CORPUS=1 (scripts/test.d/
// 25-corpus.sh): it takes minutes.
func TestCorpus(t *testing.T) {
	if os.Getenv("REDEFINE_CORPUS") == "" {
		t.Skip("set REDEFINE_CORPUS=1 to run the third-party corpus (scripts/test.d/25-corpus.sh)")
	}
	realEngine(t)
	qemu, qerr := exec.LookPath("qemu-aarch64-static")
	for _, m := range corpus {
		t.Run(m.path, func(t *testing.T) {
			dir := corpusModule(t, m.path, m.version, m.goLine)
			flags := []string{"-count=1"}
			if m.run != "" {
				flags = append(flags, "-run", m.run)
			}
			if m.skip != "" {
				flags = append(flags, "-skip", m.skip)
			}
			t.Run("amd64", func(t *testing.T) { compareRuns(t, dir, nil, flags, "inplace") })
			switch m.path {
			case "github.com/sirupsen/logrus":
				t.Run("amd64-race", func(t *testing.T) { compareRuns(t, dir, nil, append(flags, "-race"), "inplace") })
			case "github.com/google/uuid":
				t.Run("amd64-cover", func(t *testing.T) { compareRuns(t, dir, nil, append(flags, "-cover"), "inplace") })
			}
			t.Run("arm64-duplicate", func(t *testing.T) {
				need(t, qerr == nil, "qemu-aarch64-static (scripts/setup.sh installs it)")
				env := []string{"GOARCH=arm64", "CGO_ENABLED=0", "REDEFINE_STRATEGY=duplicate"}
				compareRuns(t, dir, env, append(flags, "-exec", qemu), "duplicate")
			})
		})
	}
}

// corpusModule copies the module from the module cache (downloading it the
// first time) into a writable directory and adds the transparent
// redefinition of time.Now to its root package.
func corpusModule(t *testing.T, path, version, goLine string) string {
	t.Helper()
	out, err := exec.Command("go", "mod", "download", "-json", path+"@"+version).Output()
	if err != nil {
		t.Fatalf("go mod download %s@%s: %v", path, version, err)
	}
	var info struct{ Dir string }
	if err := json.Unmarshal(out, &info); err != nil || info.Dir == "" {
		t.Fatalf("go mod download %s@%s: %s", path, version, out)
	}
	dir := filepath.Join(t.TempDir(), filepath.Base(path))
	err = filepath.WalkDir(info.Dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(info.Dir, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dir, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	gomod, _ := os.ReadFile(filepath.Join(dir, "go.mod"))
	declared := ""
	for _, line := range strings.Split(string(gomod), "\n") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), "go "); ok {
			declared = v
		}
	}
	if declared != goLine {
		t.Fatalf("%s@%s declares go %q, the corpus expects %q", path, version, declared, goLine)
	}
	name := packageName(t, dir)
	src := "//go:build redefine\n\npackage " + name + `

import "time"

//redefine:original time.Now
func corpusRealNow() time.Time { return time.Time{} }

// corpusNow is time.Now, through a redefinition.
//
//redefine:func time.Now
func corpusNow() time.Time { return corpusRealNow() }
`
	if err := os.WriteFile(filepath.Join(dir, "zz_corpus_redefine_now.go"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// packageName reads the package clause of the root package's first file.
func packageName(t *testing.T, dir string) string {
	t.Helper()
	matches, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	for _, m := range matches {
		if strings.HasSuffix(m, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), m, nil, parser.PackageClauseOnly)
		if err == nil {
			return f.Name.Name
		}
	}
	t.Fatalf("no package in %s", dir)
	return ""
}

// compareRuns runs go test and redefine test with the same flags and
// compares which tests passed, failed and were skipped; the report must
// show time.Now redefined with the given strategy.
func compareRuns(t *testing.T, dir string, env, flags []string, strategy string) {
	args := append(append([]string{"test", "-json"}, flags...), "./...")
	plain := exec.Command("go", args...)
	plain.Dir, plain.Env = dir, append(os.Environ(), env...)
	var stdout, stderr bytes.Buffer
	plain.Stdout, plain.Stderr = &stdout, &stderr
	plain.Run() // a failing test is a result to compare, not an error
	want := outcomes(stdout.Bytes())
	if len(want) == 0 {
		t.Fatalf("go test %s ran no test:\n%s%s", strings.Join(args[1:], " "), stdout.String(), stderr.String())
	}

	report := filepath.Join(t.TempDir(), "report.jsonl")
	r := redefine(t, dir, append(env, "REDEFINE_REPORT="+report), args...)
	got := outcomes([]byte(r.stdout))
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("redefine test (exit %d) and go test differ:\n%s\nstderr:\n%s", r.code, diffLines(want, got), r.stderr)
	}
	data, err := os.ReadFile(report)
	if err != nil || !bytes.Contains(data, []byte(`"strategy":"`+strategy+`"`)) || !bytes.Contains(data, []byte(`"target":"time.Now","replacement":`)) || bytes.Contains(data, []byte(`"status":"failed"`)) {
		t.Errorf("report (want time.Now redefined, strategy %s, nothing failed): %v\n%s", strategy, err, data)
	}
	t.Logf("%d tests: %s", len(got), summary(got))
}

// outcomes reads go test -json: one "package test action" line per test
// that passed, failed or was skipped, sorted.
func outcomes(stream []byte) []string {
	var out []string
	sc := bufio.NewScanner(bytes.NewReader(stream))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var e struct{ Action, Package, Test string }
		if json.Unmarshal(sc.Bytes(), &e) != nil || e.Test == "" {
			continue
		}
		if e.Action == "pass" || e.Action == "fail" || e.Action == "skip" {
			out = append(out, e.Package+" "+e.Test+" "+e.Action)
		}
	}
	sort.Strings(out)
	return out
}

func diffLines(want, got []string) string {
	in := func(s []string) map[string]bool {
		m := map[string]bool{}
		for _, x := range s {
			m[x] = true
		}
		return m
	}
	w, g := in(want), in(got)
	var b strings.Builder
	for _, x := range want {
		if !g[x] {
			b.WriteString("- go test:       " + x + "\n")
		}
	}
	for _, x := range got {
		if !w[x] {
			b.WriteString("+ redefine test: " + x + "\n")
		}
	}
	return b.String()
}

func summary(lines []string) string {
	n := map[string]int{}
	for _, l := range lines {
		n[l[strings.LastIndexByte(l, ' ')+1:]]++
	}
	return fmt.Sprintf("%d passed, %d failed, %d skipped", n["pass"], n["fail"], n["skip"])
}
