package stub

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"goredefine.dev/internal/symbol"
)

var (
	directiveLine = regexp.MustCompile(`^\s*//redefine:func\s+(\S+)`)
	funcLine      = regexp.MustCompile(`^func\s+([\p{L}_][\p{L}\p{N}_]*)\s*\(`)
)

// directive is one //redefine:func line found in a package's directory.
type directive struct {
	written     string // the target as written
	replacement string // the function below it ("" if none follows)
	file        string
	line, col   int
}

// directivesIn reads the //redefine:func lines of the Go files of dir — a
// package's files and its tests — the editor's unsaved text first. It reads
// them as text: a file the go command would not list (a build constraint
// that excludes it) is still one edit away from counting.
func directivesIn(dir string, overlay map[string][]byte) []directive {
	files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	for p := range overlay {
		if filepath.Dir(p) == dir && strings.HasSuffix(p, ".go") {
			files = append(files, p)
		}
	}
	sort.Strings(files)
	var out []directive
	seen := map[string]bool{}
	for _, f := range files {
		if seen[f] {
			continue
		}
		seen[f] = true
		data, ok := overlay[f]
		if !ok {
			var err error
			if data, err = os.ReadFile(f); err != nil {
				continue
			}
		}
		// Most files have no directive: a byte search rules them out.
		if !bytes.Contains(data, []byte("//redefine:func")) {
			continue
		}
		lines := strings.Split(string(data), "\n")
		for i, line := range lines {
			m := directiveLine.FindStringSubmatch(line)
			if m == nil {
				continue
			}
			d := directive{written: m[1], file: f, line: i + 1, col: strings.Index(line, "//") + 1}
			for _, next := range lines[i+1:] {
				if fm := funcLine.FindStringSubmatch(next); fm != nil {
					d.replacement = fm[1]
					break
				}
				if t := strings.TrimSpace(next); t != "" && !strings.HasPrefix(t, "//") {
					break
				}
			}
			out = append(out, d)
		}
	}
	return out
}

// existingRedefinition finds, among a package directory's directives, one
// for target: all of them are linked into the package's test binary with a
// new stub, so a second replacement would be refused.
func existingRedefinition(found []directive, d Dest, target symbol.Name) *AlreadyRedefinedError {
	for _, x := range found {
		if names(x.written, target, d) {
			return &AlreadyRedefinedError{Target: target.String(), Written: x.written, Replacement: x.replacement, File: x.file, Line: x.line, Col: x.col}
		}
	}
	return nil
}

// names reports whether a directive's written target is target, reading
// "main.f" in a main package as that package's own f.
func names(written string, target symbol.Name, d Dest) bool {
	readings, err := symbol.Parse(written)
	if err != nil {
		return false
	}
	for _, n := range readings {
		if n.Pkg == "main" && d.PkgName == "main" {
			n.Pkg = d.PkgPath
		}
		if n == target {
			return true
		}
	}
	return false
}
