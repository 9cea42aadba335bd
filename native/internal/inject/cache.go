package inject

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/mod/modfile"

	"goredefine.dev/internal/directives"
)

// Finding and checking the directives asks the go command to list the
// packages and type-checks some of them: most of the command's fixed cost.
// Its result depends only on the sources of the user's modules (and of the
// directories they replace modules with), on go.mod, go.sum and go.work
// (which pin everything in the module cache), on the go command and its
// environment, and on the command line; so it is kept in the user cache
// under a hash of all of those, file names, sizes and modification times
// included, and used again while nothing changed. Results with diagnostics
// are not kept (they stop the build anyway).

// analysis is what a build needs from the directives.
type analysis struct {
	Redefinitions     []*directives.Redefinition
	KeepOutOfInlining []directives.Decl
	Imports           []importTarget // the packages that get the engine import
}

// cacheVersion changes whenever analysis or the key's recipe changes.
const cacheVersion = "redefine-directives-1"

// cacheKey hashes everything the directives' result depends on; "" when it
// cannot tell (then nothing is cached).
func cacheKey(goenv *goEnv, env []string, dir string, loadFlags []string, tests bool, patterns, flags []string) string {
	self, err := os.Executable()
	if err != nil {
		return ""
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\n%s\n%s\n%q\n%v\n%q\n%q\n", cacheVersion, goenv.GOVERSION, absIn(dir, "."), loadFlags, tests, patterns, flags)
	if !stamp(h, self) {
		return ""
	}
	var goVars []string
	for _, kv := range env {
		if strings.HasPrefix(kv, "GO") || strings.HasPrefix(kv, "CGO_") {
			goVars = append(goVars, kv)
		}
	}
	sort.Strings(goVars)
	fmt.Fprintf(h, "%q\n", goVars)
	for _, f := range loadFlags {
		if strings.HasPrefix(f, "-overlay=") {
			return "" // the user's overlay names files anywhere
		}
		if m, ok := strings.CutPrefix(f, "-modfile="); ok {
			if !stamp(h, m) {
				return ""
			}
			stamp(h, trimExt(m)+".sum")
		}
	}
	roots, ok := sourceRoots(goenv)
	if !ok {
		return ""
	}
	for _, root := range roots {
		if !walkStamps(h, root) {
			return ""
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// sourceRoots are the directories whose files the result depends on: the
// main module's (or each workspace module's) and every directory a replace
// points to; go.mod, go.sum, go.work and go.work.sum are in them.
func sourceRoots(goenv *goEnv) ([]string, bool) {
	var roots, mods []string
	if w := goenv.GOWORK; w != "" && w != "off" {
		data, err := os.ReadFile(w)
		if err != nil {
			return nil, false
		}
		wf, err := modfile.ParseWork(w, data, nil)
		if err != nil {
			return nil, false
		}
		base := filepath.Dir(w)
		roots = append(roots, base) // go.work, go.work.sum, a workspace's vendor/
		for _, u := range wf.Use {
			mods = append(mods, filepath.Join(base, filepath.FromSlash(u.Path)))
		}
		for _, r := range wf.Replace {
			if r.New.Version == "" {
				roots = append(roots, absIn(base, filepath.FromSlash(r.New.Path)))
			}
		}
	} else if m := goenv.GOMOD; m != "" && m != os.DevNull {
		mods = append(mods, filepath.Dir(m))
	} else {
		return nil, false
	}
	for _, dir := range mods {
		roots = append(roots, dir)
		data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err != nil {
			return nil, false
		}
		mf, err := modfile.ParseLax(filepath.Join(dir, "go.mod"), data, nil)
		if err != nil {
			return nil, false
		}
		// The lax parse keeps replace lines as syntax only.
		for _, stmt := range mf.Syntax.Stmt {
			for _, tokens := range replaceLines(stmt) {
				if i := indexOf(tokens, "=>"); i >= 0 && i+2 == len(tokens) && modfile.IsDirectoryPath(strings.Trim(tokens[i+1], `"`)) {
					roots = append(roots, absIn(dir, filepath.FromSlash(strings.Trim(tokens[i+1], `"`))))
				}
			}
		}
	}
	return roots, true
}

func replaceLines(stmt modfile.Expr) [][]string {
	switch x := stmt.(type) {
	case *modfile.Line:
		if len(x.Token) > 1 && x.Token[0] == "replace" {
			return [][]string{x.Token[1:]}
		}
	case *modfile.LineBlock:
		if len(x.Token) == 1 && x.Token[0] == "replace" {
			var out [][]string
			for _, l := range x.Line {
				out = append(out, l.Token)
			}
			return out
		}
	}
	return nil
}

func indexOf(s []string, x string) int {
	for i, v := range s {
		if v == x {
			return i
		}
	}
	return -1
}

// walkStamps adds the name, size and modification time of every file
// under root that can change a build's packages.
func walkStamps(h hash.Hash, root string) bool {
	fmt.Fprintf(h, "root %s\n", root)
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if p != root && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "testdata" || name == "node_modules") {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(name, ".go") || name == "go.mod" || name == "go.sum" || name == "go.work" || name == "go.work.sum" || name == "modules.txt" {
			if !stamp(h, p) {
				return fs.ErrNotExist
			}
		}
		return nil
	})
	return err == nil
}

func stamp(h io.Writer, p string) bool {
	info, err := os.Stat(p)
	if err != nil {
		return false
	}
	fmt.Fprintf(h, "%s %d %d\n", p, info.Size(), info.ModTime().UnixNano())
	return true
}

func cacheFile(key string) string {
	dir, err := os.UserCacheDir()
	if err != nil || key == "" {
		return ""
	}
	return filepath.Join(dir, "go-redefine", "directives", key[:2], key+".json")
}

// cached returns the analysis kept under key, if any.
func cached(key string) (*analysis, bool) {
	f := cacheFile(key)
	if f == "" {
		return nil, false
	}
	data, err := os.ReadFile(f)
	if err != nil {
		return nil, false
	}
	var a analysis
	if json.Unmarshal(data, &a) != nil {
		return nil, false
	}
	return &a, true
}

// store keeps an analysis under key (written whole, then renamed, so that
// a concurrent build never reads half of it), and prunes the key's bucket.
func store(key string, a *analysis) {
	f := cacheFile(key)
	if f == "" {
		return
	}
	data, err := json.Marshal(a)
	if err != nil || os.MkdirAll(filepath.Dir(f), 0o755) != nil {
		return
	}
	tmp, err := os.CreateTemp(filepath.Dir(f), "tmp-")
	if err != nil {
		return
	}
	_, werr := tmp.Write(data)
	cerr := tmp.Close()
	if werr != nil || cerr != nil || os.Rename(tmp.Name(), f) != nil {
		os.Remove(tmp.Name())
	}
	prune(filepath.Dir(f), 32)
}

// prune leaves the n most recently written entries of a directory (every
// edit makes a new analysis key, every command line a new program
// directory; old ones are rarely used again).
func prune(dir string, n int) {
	entries, err := os.ReadDir(dir)
	if err != nil || len(entries) <= n {
		return
	}
	type aged struct {
		name string
		mod  int64
	}
	var all []aged
	for _, e := range entries {
		if info, err := e.Info(); err == nil {
			all = append(all, aged{e.Name(), info.ModTime().UnixNano()})
		}
	}
	sort.Slice(all, func(i, j int) bool { return all[i].mod > all[j].mod })
	for _, a := range all[min(n, len(all)):] {
		os.RemoveAll(filepath.Join(dir, a.name))
	}
}
