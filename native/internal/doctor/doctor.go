// Package doctor checks whether redefinitions can work here: the Go
// toolchain, the platform, the strategy the engine would use, and whether
// the engine knows this Go release.
package doctor

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/build/constraint"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"

	"golang.org/x/mod/semver"

	"goredefine.dev/internal/engine"
)

// Report is what doctor found; its JSON form is `redefine doctor -json`.
type Report struct {
	GoVersion    string   `json:"goVersion"` // of the go command on PATH
	GOOS         string   `json:"goos"`      // the target platform
	GOARCH       string   `json:"goarch"`
	Translated   *bool    `json:"translated,omitempty"` // macOS: running under Rosetta
	Strategy     string   `json:"strategy"`             // inplace, duplicate or "" (unsupported)
	Supported    bool     `json:"supported"`            // the engine knows this Go release
	Releases     []string `json:"releases"`             // the Go releases the engine has layouts for
	EngineDir    string   `json:"engineDir"`
	EngineSource string   `json:"engineSource"`
	CommandGo    string   `json:"commandGoVersion"` // the release this command was built with
	Probe        *Probe   `json:"probe,omitempty"`  // nil when not run
	Problems     []string `json:"problems"`
}

// Check inspects the machine with the go command found as goCmd; with
// probe, it also builds and runs a program that redefines a function.
func Check(goCmd string, probe bool) *Report {
	r := &Report{CommandGo: runtime.Version(), Problems: []string{}}
	out, err := exec.Command(goCmd, "env", "GOVERSION", "GOOS", "GOARCH").Output()
	if err != nil {
		r.Problems = append(r.Problems, fmt.Sprintf("cannot run `%s env`: %v: install Go (https://go.dev/dl) and put it on PATH", goCmd, err))
		r.GOOS, r.GOARCH = runtime.GOOS, runtime.GOARCH
	} else {
		f := strings.Fields(string(out))
		if len(f) == 3 {
			r.GoVersion, r.GOOS, r.GOARCH = f[0], f[1], f[2]
		}
	}
	r.Translated = translated()
	r.Strategy = Strategy(r.GOOS, r.GOARCH)
	if r.Strategy == "" {
		r.Problems = append(r.Problems, fmt.Sprintf("%s/%s is not supported: the engine patches linux and darwin programs on amd64 and arm64", r.GOOS, r.GOARCH))
	} else if forced := os.Getenv("REDEFINE_STRATEGY"); forced != "" && forced != "auto" {
		strategy, problem := forcedStrategy(forced, r.GOOS, r.GOARCH)
		if problem != "" {
			r.Problems = append(r.Problems, problem)
		} else {
			r.Strategy = strategy
		}
	}
	if r.Translated != nil && *r.Translated {
		r.Problems = append(r.Problems, "this process runs translated by Rosetta: use an arm64 Go toolchain on Apple silicon, or programs will be built for amd64 and patched in place under translation")
	}
	dir, source, err := engine.Dir()
	if err != nil {
		r.Problems = append(r.Problems, fmt.Sprintf("engine sources: %v", err))
	} else {
		r.EngineDir, r.EngineSource = dir, source
		r.Releases = Releases(dir)
	}
	if r.GoVersion != "" {
		r.Supported = supported(r.GoVersion, r.Releases)
		switch {
		case len(r.Releases) == 0 && err == nil:
			r.Problems = append(r.Problems, fmt.Sprintf("the engine in %s has no per-release runtime layouts (layout_go1*.go): cannot tell whether %s is supported", dir, r.GoVersion))
		case len(r.Releases) > 0 && !r.Supported:
			r.Problems = append(r.Problems, fmt.Sprintf("%s is not supported: the engine knows %s; use one of those toolchains (e.g. GOTOOLCHAIN=%s.0)", r.GoVersion, strings.Join(r.Releases, ", "), r.Releases[len(r.Releases)-1]))
		}
	}
	if probe && r.EngineDir != "" && r.GoVersion != "" {
		p := RunProbe(goCmd, r.EngineDir)
		r.Probe = &p
		if !p.OK {
			r.Problems = append(r.Problems, p.Error)
		} else if p.Strategy != r.Strategy && r.Strategy != "" {
			r.Problems = append(r.Problems, fmt.Sprintf("the engine chose strategy %s at run time, not %s: please report this", p.Strategy, r.Strategy))
		}
	}
	return r
}

// Strategy is how the engine patches on a platform: in place where a
// program may write its own text, duplicate on darwin/arm64, where it may not.
func Strategy(goos, goarch string) string {
	switch {
	case goos == "darwin" && goarch == "arm64":
		return "duplicate"
	case (goos == "linux" || goos == "darwin") && (goarch == "amd64" || goarch == "arm64"):
		return "inplace"
	}
	return ""
}

// forcedStrategy checks a REDEFINE_STRATEGY value against what the engine
// offers on the platform (see native/redefine/strategy.go).
func forcedStrategy(v, goos, goarch string) (string, string) {
	switch {
	case v == "debugger":
		return "", "REDEFINE_STRATEGY=debugger works only in a program the go-redefine debug adapter debugs (it sets it there); unset it"
	case v != "inplace" && v != "duplicate":
		return "", fmt.Sprintf("REDEFINE_STRATEGY=%q: want auto, inplace, duplicate or debugger", v)
	case v == "inplace" && goos == "darwin" && goarch == "arm64":
		return "", "REDEFINE_STRATEGY=inplace cannot work on darwin/arm64: macOS never lets a program write its own code; unset it"
	case v == "duplicate" && goarch != "arm64":
		return "", fmt.Sprintf("REDEFINE_STRATEGY=duplicate exists on arm64 only, not on %s/%s; unset it", goos, goarch)
	}
	return v, ""
}

var layoutFile = regexp.MustCompile(`^layout_go1[0-9_]*\.go$`)

// Releases lists the Go releases the engine has a runtime layout for,
// oldest first. The engine keeps one layout file per range of releases,
// chosen by a build line (//go:build go1.23 && !go1.25); a release is
// supported when some layout file builds for it.
func Releases(engineDir string) []string {
	var exprs []constraint.Expr
	entries, _ := os.ReadDir(engineDir)
	for _, e := range entries {
		if e.IsDir() || !layoutFile.MatchString(e.Name()) {
			continue
		}
		data, err := os.ReadFile(filepath.Join(engineDir, e.Name()))
		if err != nil {
			continue
		}
		for _, line := range strings.Split(string(data), "\n") {
			if constraint.IsGoBuild(line) {
				if x, err := constraint.Parse(line); err == nil {
					exprs = append(exprs, x)
				}
				break
			}
		}
	}
	var out []string
	for n := 1; n <= 60; n++ {
		release := func(tag string) bool {
			if m, ok := strings.CutPrefix(tag, "go1."); ok {
				k, err := strconv.Atoi(m)
				return err == nil && k <= n
			}
			return false
		}
		for _, x := range exprs {
			if x.Eval(release) {
				out = append(out, fmt.Sprintf("go1.%d", n))
				break
			}
		}
	}
	return out
}

// supported reports whether a go version (go1.26.8, go1.27rc1) belongs to
// one of the releases.
func supported(version string, releases []string) bool {
	v := "v" + strings.TrimPrefix(version, "go")
	mm := semver.MajorMinor(v)
	if mm == "" {
		// Pre-releases (go1.27rc1) are not semver; compare the release prefix.
		if m := regexp.MustCompile(`^go1\.\d+`).FindString(version); m != "" {
			mm = "v" + strings.TrimPrefix(m, "go")
		}
	}
	for _, r := range releases {
		if "v"+strings.TrimPrefix(r, "go") == mm {
			return true
		}
	}
	return false
}

// Text prints the report for a person.
func (r *Report) Text() string {
	var b bytes.Buffer
	fmt.Fprintf(&b, "go:        %s (on PATH)\n", orUnknown(r.GoVersion))
	fmt.Fprintf(&b, "platform:  %s/%s\n", r.GOOS, r.GOARCH)
	if r.Translated != nil {
		fmt.Fprintf(&b, "rosetta:   %v\n", *r.Translated)
	}
	fmt.Fprintf(&b, "strategy:  %s\n", orUnknown(r.Strategy))
	fmt.Fprintf(&b, "supported: %v (engine releases: %s)\n", r.Supported, orUnknown(strings.Join(r.Releases, ", ")))
	fmt.Fprintf(&b, "engine:    %s (%s)\n", orUnknown(r.EngineDir), r.EngineSource)
	fmt.Fprintf(&b, "command:   built with %s\n", r.CommandGo)
	if r.Probe != nil {
		if r.Probe.OK {
			fmt.Fprintf(&b, "probe:     ok: a program built here redefined a function (strategy %s)\n", r.Probe.Strategy)
		} else {
			b.WriteString("probe:     failed (see problems)\n")
		}
	}
	if len(r.Problems) == 0 {
		b.WriteString("no problems found\n")
	}
	for _, p := range r.Problems {
		fmt.Fprintf(&b, "problem:   %s\n", p)
	}
	return b.String()
}

// JSON is the report for the extension.
func (r *Report) JSON() []byte {
	data, _ := json.MarshalIndent(r, "", "  ")
	return append(data, '\n')
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}
