package directives

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/tools/go/packages"
)

// Config says what to load and how the go command sees it.
type Config struct {
	Dir        string            // where patterns are resolved ("" = current directory)
	Env        []string          // environment for the go command (nil = os.Environ())
	BuildFlags []string          // go build flags, e.g. -tags=redefine,integration; must include the redefine tag
	Tests      bool              // include _test.go files (redefine test, the language server)
	Overlay    map[string][]byte // unsaved editor buffers by absolute path
	Flags      []string          // -redefine target=replacement values
}

// Result is what Load found.
type Result struct {
	Redefinitions []*Redefinition
	Diagnostics   []Diagnostic
	// Packages are the packages the patterns matched (no test variants),
	// with name, files and module: the injection adds files to them.
	Packages []*packages.Package
	// KeepOutOfInlining are the declarations of the targets known before
	// the build: those of valid redefinitions and of engine calls with a
	// constant target (calls.go).
	KeepOutOfInlining []Decl
	// FileErrors are the syntax and type errors of the files only
	// redefinition builds compile (fileerrors.go): editors that build
	// without the redefine tag never show them, and the compiler only when
	// a build fails.
	FileErrors []Diagnostic
}

// Load finds and checks the redefinitions in the packages matched by
// patterns. A returned error means the packages could not be loaded at all
// (the go command failed); problems with directives are Diagnostics.
func Load(cfg Config, patterns ...string) (*Result, error) {
	if len(patterns) == 0 {
		patterns = []string{"."}
	}
	// First a cheap listing (no type checking) to find the few packages that
	// mention a directive; only those are type-checked.
	// The listing has what the type-checking load needs (CompiledGoFiles),
	// so that the go command is asked once for both.
	list, err := packages.Load(cfg.packagesConfig(packages.NeedName|packages.NeedFiles|packages.NeedCompiledGoFiles|packages.NeedModule|packages.NeedImports|packages.NeedDeps), patterns...)
	if err != nil {
		return nil, fmt.Errorf("listing packages: %w", err)
	}
	if err := listErrors(list); err != nil {
		return nil, err
	}
	res := &Result{}
	withDirectives := map[string]bool{}
	seen := map[string]bool{}
	for _, p := range list {
		if p.Name != "" && p.ID == p.PkgPath && !seen[p.ID] {
			seen[p.ID] = true
			res.Packages = append(res.Packages, p)
		}
	}
	// Replacements count wherever they are linked: in the matched packages
	// and in every package of the user's own modules they import.
	packages.Visit(list, nil, func(p *packages.Package) {
		if p.Name == "" || p.Module == nil || !p.Module.Main {
			return
		}
		for _, f := range p.GoFiles {
			if cfg.mentions(f, Prefix) || cfg.mentions(f, `"`+enginePath+`"`) {
				// An external test package is loaded through the package it tests.
				withDirectives[strings.TrimSuffix(p.PkgPath, "_test")] = true
			}
		}
	})
	flags, diags := parseFlags(cfg.Flags)
	res.Diagnostics = append(res.Diagnostics, diags...)
	for _, f := range flags {
		if f.replacement.Pkg == "main" {
			// The main package among the matched ones.
			for _, p := range res.Packages {
				if p.Name == "main" {
					withDirectives[p.PkgPath] = true
				}
			}
			continue
		}
		withDirectives[f.replacement.Pkg] = true
	}
	if len(withDirectives) == 0 {
		return res, nil
	}
	var paths []string
	for p := range withDirectives {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	c := &checker{cfg: cfg, goroot: gorootOf(list)}
	if err := c.loadTyped(paths, list); err != nil {
		return nil, err
	}
	c.checkFiles()
	c.engineCalls()
	c.addFlags(flags)
	if err := c.resolveTargets(); err != nil {
		return nil, err
	}
	c.checkDuplicates(list)
	res.Redefinitions = c.redefs
	res.KeepOutOfInlining = c.keepOutOfInlining()
	res.FileErrors = c.fileErrors()
	res.Diagnostics = append(res.Diagnostics, c.diags...)
	sortDiagnostics(res.Diagnostics)
	return res, nil
}

func (cfg Config) packagesConfig(mode packages.LoadMode) *packages.Config {
	return &packages.Config{
		Mode:       mode,
		Dir:        cfg.Dir,
		Env:        cfg.Env,
		BuildFlags: cfg.BuildFlags,
		Tests:      cfg.Tests,
		Overlay:    cfg.Overlay,
	}
}

// mentions is a byte search, not a parse: it only has to say which packages
// are worth type-checking (those with directives, and those that call the
// engine).
func (cfg Config) mentions(file, what string) bool {
	data, ok := cfg.Overlay[file]
	if !ok {
		var err error
		if data, err = os.ReadFile(file); err != nil {
			return false
		}
	}
	return bytes.Contains(data, []byte(what))
}

// listErrors turns errors that make a pattern unusable (no such package,
// broken go.mod) into one error; type errors are left to the compiler.
func listErrors(pkgs []*packages.Package) error {
	var msgs []string
	for _, p := range pkgs {
		for _, e := range p.Errors {
			if e.Kind == packages.ListError {
				msgs = append(msgs, e.Error())
			}
		}
	}
	if len(msgs) == 0 {
		return nil
	}
	return fmt.Errorf("%s", strings.Join(dedupe(msgs), "\n"))
}

func dedupe(s []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range s {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

func sortDiagnostics(d []Diagnostic) {
	sort.SliceStable(d, func(i, j int) bool {
		a, b := d[i].Pos, d[j].Pos
		if a.Filename != b.Filename {
			return a.Filename < b.Filename
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Column < b.Column
	})
}

func absPath(dir, p string) string {
	if filepath.IsAbs(p) || dir == "" {
		return p
	}
	return filepath.Join(dir, p)
}
