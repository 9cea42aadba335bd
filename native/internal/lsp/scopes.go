package lsp

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/mod/modfile"
)

// scope is one go command invocation of a workspace analysis.
type scope struct {
	dir      string
	patterns []string
}

// workspaceScopes finds what to analyse under an editor's workspace folder.
// `go list ./...` only works inside one module, so: a go.work folder lists
// each module it uses; a module folder (or a folder inside a module) lists
// ./...; a folder that merely contains modules lists each of them.
func workspaceScopes(root string) []scope {
	if data, err := os.ReadFile(filepath.Join(root, "go.work")); err == nil {
		if wf, err := modfile.ParseWork("go.work", data, nil); err == nil && len(wf.Use) > 0 {
			var pats []string
			for _, u := range wf.Use {
				p := filepath.ToSlash(filepath.Clean(u.Path))
				if filepath.IsAbs(u.Path) {
					rel, err := filepath.Rel(root, u.Path)
					if err != nil || strings.HasPrefix(rel, "..") {
						continue // outside the folder: not the editor's to check
					}
					p = filepath.ToSlash(rel)
				}
				if p == "." {
					pats = append(pats, "./...")
				} else {
					pats = append(pats, "./"+p+"/...")
				}
			}
			return []scope{{dir: root, patterns: pats}}
		}
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err == nil || insideModule(root) {
		return []scope{{dir: root, patterns: []string{"./..."}}}
	}
	var out []scope
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return nil
		}
		name := d.Name()
		if p != root && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "vendor" || name == "testdata" || name == "node_modules") {
			return filepath.SkipDir
		}
		if rel, _ := filepath.Rel(root, p); strings.Count(rel, string(filepath.Separator)) >= 4 {
			return filepath.SkipDir
		}
		if _, err := os.Stat(filepath.Join(p, "go.mod")); err == nil {
			out = append(out, scope{dir: p, patterns: []string{"./..."}})
			return filepath.SkipDir
		}
		return nil
	})
	if len(out) == 0 {
		out = []scope{{dir: root, patterns: []string{"./..."}}}
	}
	return out
}

// insideModule reports whether a parent of dir holds a go.mod.
func insideModule(dir string) bool {
	for d := filepath.Dir(dir); d != filepath.Dir(d); d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return true
		}
	}
	return false
}
