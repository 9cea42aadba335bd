package inject

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/mod/modfile"

	"goredefine.dev/internal/engine"
)

// goEnv is what the command needs to know of the go command's view.
type goEnv struct {
	GOMOD, GOWORK, GOVERSION, GOFLAGS, GOMODCACHE string
}

func readGoEnv(goCmd, dir string, env []string) (*goEnv, error) {
	cmd := exec.Command(goCmd, "env", "-json", "GOMOD", "GOWORK", "GOVERSION", "GOFLAGS", "GOMODCACHE")
	cmd.Dir, cmd.Env = dir, env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go env: %v: %s", err, bytes.TrimSpace(stderr.Bytes()))
	}
	var e goEnv
	if err := json.Unmarshal(out, &e); err != nil {
		return nil, fmt.Errorf("go env: %w", err)
	}
	return &e, nil
}

// resolution is how the engine module is made visible to the go command.
type resolution struct {
	flags []string // e.g. -modfile=/tmp/.../go.mod
	env   []string // e.g. GOWORK=/tmp/.../go.work
	// main is the go line every module must not exceed: the main module's,
	// or go.work's in workspace mode (language.go).
	main goLine
	// vendorFrom and vendorTo: the go command reads the vendored packages
	// from vendorTo (links into vendorFrom), so overlay paths move there.
	vendorFrom, vendorTo string
}

// moved returns the overlay with its paths under r.vendorFrom moved to
// r.vendorTo.
func (r *resolution) moved(o overlay) overlay {
	if r.vendorFrom == "" {
		return o
	}
	out := overlay{}
	for p, data := range o {
		if rel, err := filepath.Rel(r.vendorFrom, p); err == nil && !strings.HasPrefix(rel, "..") {
			p = filepath.Join(r.vendorTo, rel)
		}
		out[p] = data
	}
	return out
}

// workspace writes a go.work that is the user's plus a `use` of the engine
// directory, with every path made absolute (the copy lives elsewhere).
func workspace(tmp, goWork, engineDir string) (*resolution, error) {
	data, err := os.ReadFile(goWork)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", goWork, err)
	}
	wf, err := modfile.ParseWork(goWork, data, nil)
	if err != nil {
		return nil, err
	}
	base := filepath.Dir(goWork)
	uses := append([]*modfile.Use(nil), wf.Use...)
	for _, u := range uses {
		if !filepath.IsAbs(u.Path) {
			wf.AddUse(filepath.Join(base, u.Path), u.ModulePath)
			wf.DropUse(u.Path)
		}
	}
	// Directory replacements stay relative, now to the copy's directory: a
	// vendored workspace's modules.txt records them relative to go.work,
	// and the go command compares the two.
	replaces := append([]*modfile.Replace(nil), wf.Replace...)
	for _, r := range replaces {
		if r.New.Version == "" && !filepath.IsAbs(r.New.Path) {
			if err := wf.AddReplace(r.Old.Path, r.Old.Version, relativeTo(tmp, filepath.Join(base, r.New.Path)), ""); err != nil {
				return nil, err
			}
		}
	}
	for _, u := range wf.Use {
		if u.Path == engineDir {
			goto write
		}
	}
	wf.AddUse(engineDir, engine.ModulePath)
write:
	// The workspace's go line stays the user's (it sets the GODEBUG
	// defaults); the engine is made to declare no newer one (language.go).
	var main goLine
	if wf.Go != nil {
		main.Version = wf.Go.Version
	}
	wf.Cleanup()
	out := filepath.Join(tmp, "go.work")
	if err := os.WriteFile(out, modfile.Format(wf.Syntax), 0o644); err != nil {
		return nil, err
	}
	copyIfExists(goWork+".sum", filepath.Join(tmp, "go.work.sum"))
	res := &resolution{env: []string{"GOWORK=" + out}, main: main}
	// A vendored workspace keeps vendor/ beside go.work: bring it along.
	if _, err := os.Stat(filepath.Join(base, "vendor", "modules.txt")); err == nil {
		if err := linkVendor(filepath.Join(base, "vendor"), filepath.Join(tmp, "vendor"), base, tmp, false); err != nil {
			return nil, err
		}
		res.vendorFrom, res.vendorTo = filepath.Join(base, "vendor"), filepath.Join(tmp, "vendor")
	}
	return res, nil
}

// module writes a copy of the user's go.mod (or of their -modfile) that
// requires the engine and replaces it with the engine directory, and its
// go.sum beside it (the go command reads X.sum for -modfile=X.mod).
func module(tmp, goMod, engineDir string) (*resolution, error) {
	data, err := os.ReadFile(goMod)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", goMod, err)
	}
	mf, err := modfile.ParseLax(goMod, data, nil) // lax: directives newer than this x/mod are kept as they are
	if err != nil {
		return nil, err
	}
	if mf.Module != nil && mf.Module.Mod.Path == engine.ModulePath {
		// Building the engine's own module: nothing to resolve.
		return &resolution{}, nil
	}
	// Relative replacements are relative to the go.mod's directory; the
	// copy lives elsewhere. The lax parse (which keeps directives newer
	// than this x/mod as they are) does not interpret replace lines, so
	// they are rewritten in the syntax tree.
	rewriteReplacements(mf.Syntax, filepath.Dir(goMod))
	mf.DropRequire(engine.ModulePath)
	if err := mf.AddRequire(engine.ModulePath, "v0.0.0"); err != nil {
		return nil, err
	}
	mf.Cleanup()
	out := modfile.Format(mf.Syntax)
	out = append(out, fmt.Sprintf("\nreplace %s => %s\n", engine.ModulePath, modfile.AutoQuote(engineDir))...)
	dst := filepath.Join(tmp, "go.mod")
	if _, err := modfile.ParseLax(dst, out, nil); err != nil {
		return nil, fmt.Errorf("the go.mod copy does not parse (please report this): %w", err)
	}
	if err := os.WriteFile(dst, out, 0o644); err != nil {
		return nil, err
	}
	copyIfExists(trimExt(goMod)+".sum", filepath.Join(tmp, "go.sum"))
	var main goLine
	if mf.Go != nil {
		main.Version = mf.Go.Version
	}
	return &resolution{flags: []string{"-modfile=" + dst}, main: main}, nil
}

func trimExt(p string) string { return p[:len(p)-len(filepath.Ext(p))] }

func copyIfExists(src, dst string) {
	if data, err := os.ReadFile(src); err == nil {
		os.WriteFile(dst, data, 0o644)
	}
}

// relativeTo spells the directory target relative to dir, as go.mod and
// go.work want a relative directory: starting with ./ or ../.
func relativeTo(dir, target string) string {
	rel, err := filepath.Rel(dir, target)
	if err != nil {
		return target
	}
	rel = filepath.ToSlash(rel)
	if !strings.HasPrefix(rel, "../") {
		rel = "./" + rel
	}
	return rel
}

// rewriteReplacements makes the directory targets of replace statements
// absolute (from dir, the go.mod's directory) and removes any replacement
// of the engine module, which the command replaces itself.
func rewriteReplacements(f *modfile.FileSyntax, dir string) {
	fix := func(tokens []string) (drop bool) {
		arrow := -1
		for i, t := range tokens {
			if t == "=>" {
				arrow = i
			}
		}
		if arrow < 1 || arrow+1 >= len(tokens) {
			return false
		}
		if old, err := strconv.Unquote(tokens[0]); err == nil && old == engine.ModulePath || tokens[0] == engine.ModulePath {
			return true
		}
		target := tokens[arrow+1]
		if unq, err := strconv.Unquote(target); err == nil {
			target = unq
		}
		if arrow+2 == len(tokens) && modfile.IsDirectoryPath(target) && !filepath.IsAbs(target) {
			tokens[arrow+1] = modfile.AutoQuote(filepath.Join(dir, filepath.FromSlash(target)))
		}
		return false
	}
	var kept []modfile.Expr
	for _, stmt := range f.Stmt {
		switch x := stmt.(type) {
		case *modfile.Line:
			if len(x.Token) > 1 && x.Token[0] == "replace" && fix(x.Token[1:]) {
				continue
			}
		case *modfile.LineBlock:
			if len(x.Token) == 1 && x.Token[0] == "replace" {
				var lines []*modfile.Line
				for _, l := range x.Line {
					if !fix(l.Token) {
						lines = append(lines, l)
					}
				}
				x.Line = lines
			}
		}
		kept = append(kept, stmt)
	}
	f.Stmt = kept
}
