package inject

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"golang.org/x/mod/modfile"
)

// vendored reports whether the go command would build the module from its
// vendor directory: -mod=vendor, or no -mod and a vendor/modules.txt (the
// default since Go 1.14).
func vendored(inv *invocation, goflags, gomod string) bool {
	mod := modFlag(inv.args)
	if mod == "" {
		mod = modFlag(strings.Fields(goflags))
	}
	if mod != "" {
		return mod == "vendor"
	}
	_, err := os.Stat(filepath.Join(filepath.Dir(gomod), "vendor", "modules.txt"))
	return err == nil
}

// vendorWorkspace makes the engine resolvable for a vendored module. The go
// command reads vendor/modules.txt straight from the disk (not through
// -overlay) and checks it against go.mod, so a temporary go.mod that
// requires the engine would be refused. Instead the module is built as
// part of a temporary workspace whose other module is the engine; a
// workspace keeps its vendor directory beside its go.work, so that
// directory is made of the user's modules.txt (marked as a workspace's) and
// links to the user's vendored trees. Nothing is downloaded: the build uses
// the user's vendored copies as before.
func vendorWorkspace(tmp, gomod, engineDir, goCmd string, env []string, goVersionOfCmd string) (*resolution, error) {
	data, err := os.ReadFile(gomod)
	if err != nil {
		return nil, err
	}
	mf, err := modfile.ParseLax(gomod, data, nil)
	if err != nil {
		return nil, err
	}
	// Vendoring in a workspace needs go 1.22; the engine is made to declare
	// no newer go line than the workspace's (language.go).
	goVersion := "1.22"
	if mf.Go != nil && older(goVersion, mf.Go.Version) {
		goVersion = mf.Go.Version
	}
	modDir := filepath.Dir(gomod)
	work := fmt.Sprintf("go %s\n\nuse %s\nuse %s\n", goVersion, quoteModPath(modDir), quoteModPath(engineDir))
	if mf.Go == nil || older(mf.Go.Version, goVersion) {
		// The workspace's go line sets the GODEBUG defaults: keep the
		// module's own, as godebug lines (go.work has them since Go 1.23).
		if !older(majorMinor(strings.TrimPrefix(goVersionOfCmd, "go")), "1.23") {
			settings, err := defaultGODEBUG(tmp, mf, goCmd, env)
			if err != nil {
				return nil, err
			}
			if len(settings) > 0 {
				work += "\ngodebug (\n\t" + strings.Join(settings, "\n\t") + "\n)\n"
			}
		}
	}
	workFile := filepath.Join(tmp, "go.work")
	if err := os.WriteFile(workFile, []byte(work), 0o644); err != nil {
		return nil, err
	}
	if err := linkVendor(filepath.Join(modDir, "vendor"), filepath.Join(tmp, "vendor"), modDir, tmp, true); err != nil {
		return nil, err
	}
	return &resolution{env: []string{"GOWORK=" + workFile}, main: goLine{goVersion},
		vendorFrom: filepath.Join(modDir, "vendor"), vendorTo: filepath.Join(tmp, "vendor")}, nil
}

// quoteModPath quotes a path for go.work when it needs it.
func quoteModPath(p string) string {
	if strings.ContainsAny(p, " \t\"'`") {
		return fmt.Sprintf("%q", p)
	}
	return p
}

// rebaseReplacements rewrites the directory replacements of a modules.txt
// ("# m v => ./dir") from the module's directory to the workspace's: in
// workspace mode the go command compares them relative to go.work.
func rebaseReplacements(list []byte, modDir, workDir string) []byte {
	lines := strings.Split(string(list), "\n")
	for i, line := range lines {
		if !strings.HasPrefix(line, "# ") {
			continue
		}
		left, right, ok := strings.Cut(line, " => ")
		if !ok {
			continue
		}
		fields := strings.Fields(right)
		if len(fields) != 1 || !(strings.HasPrefix(fields[0], "./") || strings.HasPrefix(fields[0], "../")) {
			continue
		}
		lines[i] = left + " => " + relativeTo(workDir, filepath.Join(modDir, filepath.FromSlash(fields[0])))
	}
	return []byte(strings.Join(lines, "\n"))
}

// linkVendor makes dst a vendor directory for a workspace whose go.work is in
// workDir: a modules.txt (marked as a workspace's when it was a module's,
// replacement paths rebased from fromDir) and links to the vendored trees.
func linkVendor(src, dst, fromDir, workDir string, markWorkspace bool) error {
	if err := os.Mkdir(dst, 0o755); err != nil {
		return err
	}
	list, err := os.ReadFile(filepath.Join(src, "modules.txt"))
	if err != nil {
		return fmt.Errorf("reading vendor/modules.txt: %w", err)
	}
	list = rebaseReplacements(list, fromDir, workDir)
	if markWorkspace {
		list = append([]byte("## workspace\n"), list...)
	}
	if err := os.WriteFile(filepath.Join(dst, "modules.txt"), list, 0o644); err != nil {
		return err
	}
	entries, err := os.ReadDir(src)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.Name() == "modules.txt" {
			continue
		}
		if err := os.Symlink(filepath.Join(src, e.Name()), filepath.Join(dst, e.Name())); err != nil {
			return fmt.Errorf("linking the vendored %s: %w", e.Name(), err)
		}
	}
	return nil
}

// modFlag is the value of the last -mod flag in args ("" if none).
func modFlag(args []string) string {
	mod := ""
	for i, a := range args {
		name := strings.TrimLeft(a, "-")
		if v, ok := strings.CutPrefix(name, "mod="); ok && a != name {
			mod = v
		} else if name == "mod" && a != name && i+1 < len(args) {
			mod = args[i+1]
		}
	}
	return mod
}

// defaultGODEBUG asks the go command for the GODEBUG defaults of a main
// package in a module that declares mf's go line and godebug lines (a
// throw-away module: the real one cannot be asked in module mode once it is
// vendored with the engine missing).
func defaultGODEBUG(tmp string, mf *modfile.File, goCmd string, env []string) ([]string, error) {
	dir := filepath.Join(tmp, "godebug")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	gomod, goLine := "module redefine.invalid/godebug\n", "no go line"
	if mf.Go != nil {
		gomod += "\ngo " + mf.Go.Version + "\n"
		goLine = "go " + mf.Go.Version
	}
	for _, g := range mf.Godebug {
		gomod += fmt.Sprintf("\ngodebug %s=%s\n", g.Key, g.Value)
	}
	os.WriteFile(filepath.Join(dir, "go.mod"), []byte(gomod), 0o644)
	os.WriteFile(filepath.Join(dir, "main.go"), []byte("package main\n\nfunc main() {}\n"), 0o644)
	cmd := exec.Command(goCmd, "list", "-f", "{{.DefaultGODEBUG}}", ".")
	cmd.Dir, cmd.Env = dir, append(append([]string(nil), env...), "GOWORK=off", "GOFLAGS=-mod=mod")
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("finding the GODEBUG defaults of a module with %s: %v", goLine, err)
	}
	var settings []string
	for _, kv := range strings.Split(strings.TrimSpace(string(out)), ",") {
		if kv != "" {
			settings = append(settings, kv)
		}
	}
	return settings, nil
}
