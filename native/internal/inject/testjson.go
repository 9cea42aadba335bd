package inject

import (
	"encoding/json"
	"io"
	"path/filepath"
	"sort"

	"golang.org/x/tools/go/packages"

	"goredefine.dev/internal/directives"
)

// testEvent is one line of `go test -json`.
type testEvent struct {
	ImportPath  string `json:",omitempty"`
	Action      string
	Package     string `json:",omitempty"`
	Output      string `json:",omitempty"`
	FailedBuild string `json:",omitempty"`
}

// writeTestJSON reports wrong directives the way `go test -json` (Go 1.24
// and later) reports a package that does not build — build-output lines, a
// build-fail, then the package's fail — so that tools reading the stream
// show them like compile errors. Diagnostics outside any matched package
// (from -redefine flags) stay on stderr only.
func writeTestJSON(w io.Writer, dir string, pkgs []*packages.Package, diags []directives.Diagnostic) {
	byDir := map[string]string{}
	for _, p := range pkgs {
		if len(p.GoFiles) > 0 {
			byDir[filepath.Dir(p.GoFiles[0])] = p.PkgPath
		}
	}
	lines := map[string][]string{}
	for _, d := range diags {
		if pkg, ok := byDir[filepath.Dir(d.Pos.Filename)]; ok {
			lines[pkg] = append(lines[pkg], relDiag(dir, d))
		}
	}
	var order []string
	for pkg := range lines {
		order = append(order, pkg)
	}
	sort.Strings(order)
	enc := json.NewEncoder(w)
	for _, pkg := range order {
		enc.Encode(testEvent{ImportPath: pkg, Action: "build-output", Output: "# " + pkg + "\n"})
		for _, l := range lines[pkg] {
			enc.Encode(testEvent{ImportPath: pkg, Action: "build-output", Output: l + "\n"})
		}
		enc.Encode(testEvent{ImportPath: pkg, Action: "build-fail"})
		enc.Encode(testEvent{Action: "start", Package: pkg})
		enc.Encode(testEvent{Action: "output", Package: pkg, Output: "FAIL\t" + pkg + " [build failed]\n"})
		enc.Encode(testEvent{Action: "fail", Package: pkg, FailedBuild: pkg})
	}
}
