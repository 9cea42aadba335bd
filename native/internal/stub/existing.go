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

// existingRedefinition finds a //redefine:func directive for target among
// the Go files of d's directory — the package's files and its tests, all
// linked into the package's test binary with a new stub — reading unsaved
// editor text from overlay first. It reads directives as text, as the go
// command would not list a file excluded by build constraints that is still
// one edit away from counting.
func existingRedefinition(d Dest, overlay map[string][]byte, target symbol.Name) *AlreadyRedefinedError {
	files, _ := filepath.Glob(filepath.Join(d.Dir, "*.go"))
	for p := range overlay {
		if filepath.Dir(p) == d.Dir && strings.HasSuffix(p, ".go") {
			files = append(files, p)
		}
	}
	sort.Strings(files)
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
		// Most files have no directive: a byte search rules them out (this
		// runs on every code action request, the lightbulb's included).
		if !bytes.Contains(data, []byte("//redefine:func")) {
			continue
		}
		lines := strings.Split(string(data), "\n")
		for i, line := range lines {
			m := directiveLine.FindStringSubmatch(line)
			if m == nil || !names(m[1], target, d) {
				continue
			}
			e := &AlreadyRedefinedError{Target: target.String(), Written: m[1], File: f, Line: i + 1, Col: strings.Index(line, "//") + 1}
			for _, next := range lines[i+1:] {
				if fm := funcLine.FindStringSubmatch(next); fm != nil {
					e.Replacement = fm[1]
					break
				}
				if t := strings.TrimSpace(next); t != "" && !strings.HasPrefix(t, "//") {
					break
				}
			}
			return e
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
