package inject

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/semver"

	"goredefine.dev/internal/engine"
)

// goEnv is what the command needs to know of the go command's view.
type goEnv struct {
	GOMOD, GOWORK, GOVERSION, GOFLAGS string
}

func readGoEnv(goCmd, dir string, env []string) (*goEnv, error) {
	cmd := exec.Command(goCmd, "env", "-json", "GOMOD", "GOWORK", "GOVERSION", "GOFLAGS")
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
	replaces := append([]*modfile.Replace(nil), wf.Replace...)
	for _, r := range replaces {
		if r.New.Version == "" && !filepath.IsAbs(r.New.Path) {
			if err := wf.AddReplace(r.Old.Path, r.Old.Version, filepath.Join(base, r.New.Path), ""); err != nil {
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
	// The workspace's go line must be at least every module's, the engine's too.
	if wf.Go == nil || semver.Compare("v"+wf.Go.Version, "v1.22") < 0 {
		wf.AddGoStmt("1.22")
	}
	wf.Cleanup()
	out := filepath.Join(tmp, "go.work")
	if err := os.WriteFile(out, modfile.Format(wf.Syntax), 0o644); err != nil {
		return nil, err
	}
	copyIfExists(goWork+".sum", filepath.Join(tmp, "go.work.sum"))
	return &resolution{env: []string{"GOWORK=" + out}}, nil
}

// module writes a copy of the user's go.mod (or of their -modfile) that
// requires the engine and replaces it with the engine directory, and its
// go.sum beside it (the go command reads X.sum for -modfile=X.mod).
func module(tmp, goMod, engineDir string) (*resolution, error) {
	data, err := os.ReadFile(goMod)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", goMod, err)
	}
	mf, err := modfile.Parse(goMod, data, nil)
	if err != nil {
		return nil, err
	}
	if mf.Module != nil && mf.Module.Mod.Path == engine.ModulePath {
		// Building the engine's own module: nothing to resolve.
		return &resolution{}, nil
	}
	base := filepath.Dir(goMod)
	// Relative replacements are relative to the go.mod's directory; the
	// copy lives elsewhere.
	for _, r := range append([]*modfile.Replace(nil), mf.Replace...) {
		if r.New.Version == "" && !filepath.IsAbs(r.New.Path) && r.Old.Path != engine.ModulePath {
			if err := mf.AddReplace(r.Old.Path, r.Old.Version, filepath.Join(base, r.New.Path), ""); err != nil {
				return nil, err
			}
		}
	}
	mf.DropRequire(engine.ModulePath)
	for _, r := range append([]*modfile.Replace(nil), mf.Replace...) {
		if r.Old.Path == engine.ModulePath {
			mf.DropReplace(r.Old.Path, r.Old.Version)
		}
	}
	if err := mf.AddRequire(engine.ModulePath, "v0.0.0"); err != nil {
		return nil, err
	}
	if err := mf.AddReplace(engine.ModulePath, "", engineDir, ""); err != nil {
		return nil, err
	}
	mf.Cleanup()
	out, err := mf.Format()
	if err != nil {
		return nil, err
	}
	dst := filepath.Join(tmp, "go.mod")
	if err := os.WriteFile(dst, out, 0o644); err != nil {
		return nil, err
	}
	copyIfExists(trimExt(goMod)+".sum", filepath.Join(tmp, "go.sum"))
	return &resolution{flags: []string{"-modfile=" + dst}}, nil
}

func trimExt(p string) string { return p[:len(p)-len(filepath.Ext(p))] }

func copyIfExists(src, dst string) {
	if data, err := os.ReadFile(src); err == nil {
		os.WriteFile(dst, data, 0o644)
	}
}
