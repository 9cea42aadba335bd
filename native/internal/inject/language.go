package inject

import (
	"fmt"
	"go/build/constraint"
	"go/version"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/mod/modfile"
)

// The go command requires the main module's go line (or, in workspace mode,
// go.work's) to be at least every dependency's, the engine's included: a
// module that declares go 1.13, or no go line at all, stops with "go:
// updates to go.mod needed", and raising its go line in the temporary go.mod
// would change its semantics (loop variables per iteration from 1.22, the
// GODEBUG defaults). Instead the engine module is made to declare the main
// module's version, through -overlay on its go.mod, and each of its source
// files keeps the language version it needs with a //go:build go1.N line
// (a file's go version constraint upgrades its language version, whatever
// its module declares).

// goLine is the go line of a go.mod or go.work: Version is "" when there is
// none.
type goLine struct {
	Version string // e.g. 1.13, 1.22.0
}

// goLineOf reads the go line of a go.mod file.
func goLineOf(gomod string) (goLine, error) {
	data, err := os.ReadFile(gomod)
	if err != nil {
		return goLine{}, err
	}
	mf, err := modfile.ParseLax(gomod, data, nil)
	if err != nil {
		return goLine{}, err
	}
	if mf.Go == nil {
		return goLine{}, nil
	}
	return goLine{mf.Go.Version}, nil
}

// older reports whether go line a is older than b ("" is older than any).
func older(a, b string) bool {
	if a == "" {
		return b != ""
	}
	return b != "" && version.Compare("go"+a, "go"+b) < 0
}

// lowerEngine returns the overlay that makes the engine module declare main
// as its go line, when the engine's own is newer; nil when nothing is
// needed.
func lowerEngine(engineDir string, main goLine) (overlay, error) {
	own, err := goLineOf(filepath.Join(engineDir, "go.mod"))
	if err != nil {
		return nil, fmt.Errorf("reading the engine's go.mod: %w", err)
	}
	if !older(main.Version, own.Version) {
		return nil, nil
	}
	out := overlay{}
	gomod := "module goredefine.dev/redefine\n"
	if main.Version != "" {
		gomod += "\ngo " + main.Version + "\n"
	}
	out[filepath.Join(engineDir, "go.mod")] = []byte(gomod)
	lang := "go" + majorMinor(own.Version)
	err = filepath.WalkDir(engineDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != engineDir && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".") || strings.HasPrefix(d.Name(), "_")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if up := withLanguage(p, src, lang); up != nil {
			out[p] = up
		}
		return nil
	})
	return out, err
}

// majorMinor trims a go version to its language version: 1.21.3 → 1.21.
func majorMinor(v string) string {
	if i := strings.IndexByte(v, '.'); i >= 0 {
		if j := strings.IndexByte(v[i+1:], '.'); j >= 0 {
			return v[:i+1+j]
		}
	}
	return v
}

// withLanguage returns src with a //go:build constraint that requires lang
// (go1.N), which sets the file's language version to at least lang; nil
// when the file's constraint already does. Line numbers stay those of the
// original file: an existing //go:build line is rewritten in place, and a
// new one is followed by a //line directive naming the file's first line.
func withLanguage(path string, src []byte, lang string) []byte {
	lines := strings.SplitAfter(string(src), "\n")
	for i, line := range lines {
		trimmed := strings.TrimSpace(line)
		if constraint.IsGoBuild(trimmed) {
			expr, err := constraint.Parse(trimmed)
			if err != nil {
				return nil // the compiler will say what is wrong
			}
			if v := constraint.GoVersion(expr); v != "" && version.Compare(v, lang) >= 0 {
				return nil
			}
			lines[i] = "//go:build (" + strings.TrimSpace(strings.TrimPrefix(trimmed, "//go:build")) + ") && " + lang + "\n"
			return []byte(strings.Join(lines, ""))
		}
		if trimmed != "" && !strings.HasPrefix(trimmed, "//") {
			break // past the header: no //go:build line
		}
	}
	return []byte(fmt.Sprintf("//go:build %s\n//line %s:1\n%s", lang, path, src))
}
