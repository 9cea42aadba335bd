package inject

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"goredefine.dev/internal/directives"
	"goredefine.dev/internal/engine"
)

const enginePath = engine.ModulePath

// Coverage builds run the go command's tools through the redefine command
// (-toolexec) so that cmd/cover sees the overlay: the go command hands cover
// the paths on disk of a package's files, which for a file the overlay adds
// do not exist and for one it replaces hold the wrong text
// (golang/go#73802). The wrapper passes cover the overlay's copy instead
// (stored under the same base name, so the profile names the right file)
// and leaves the files the command generates, and the redefinition files
// (which go test does not compile), out of the instrumentation: they are
// compiled as they are, so a profile counts exactly the statements go test
// counts. The go command keys its cache on each tool's -V=full output: cover
// answers with a mark of the wrapper added, so that its outputs are never
// taken for plain ones; every other tool runs unchanged, and shares the
// build cache with builds without the wrapper.

// Environment of the wrapper, set by Run for the go command.
const (
	toolexecOverlayEnv = "REDEFINE_TOOLEXEC_OVERLAY" // the -overlay file of the build
	toolexecNextEnv    = "REDEFINE_TOOLEXEC_NEXT"    // the user's own -toolexec, run in turn
	toolexecSkipEnv    = "REDEFINE_TOOLEXEC_SKIP"    // a file listing files not to instrument
)

// ToolexecVerb is the hidden command the go command runs as -toolexec.
const ToolexecVerb = "toolexec"

// needsToolexec reports whether the build instruments code for coverage.
func needsToolexec(args []string, goflags string) bool {
	for _, a := range append(append([]string(nil), args...), strings.Fields(goflags)...) {
		name := strings.TrimPrefix(strings.TrimLeft(a, "-"), "test.")
		name, _, _ = strings.Cut(name, "=")
		if a != name && (name == "cover" || name == "coverprofile" || name == "coverpkg" || name == "covermode") {
			return true
		}
	}
	return false
}

// coverageToolexec returns the -toolexec value and the environment of a
// coverage build: the overlay, the user's own -toolexec, and the list of
// redefinition files, written to tmp.
func coverageToolexec(tmp, overlayFile, userToolexec string, redefs []*directives.Redefinition) (string, []string, error) {
	te, err := toolexecFlag()
	if err != nil {
		return "", nil, err
	}
	skip := filepath.Join(tmp, "cover-skip.txt")
	if err := os.WriteFile(skip, []byte(strings.Join(redefinitionFiles(redefs), "\n")), 0o644); err != nil {
		return "", nil, err
	}
	return te, []string{toolexecOverlayEnv + "=" + overlayFile, toolexecNextEnv + "=" + userToolexec, toolexecSkipEnv + "=" + skip}, nil
}

// toolexecFlag is the -toolexec value that runs this command's wrapper.
func toolexecFlag() (string, error) {
	self, err := os.Executable()
	if err != nil {
		return "", fmt.Errorf("finding the redefine command for -toolexec: %w", err)
	}
	if strings.ContainsAny(self, " \t'\"") {
		self = fmt.Sprintf("%q", self)
	}
	return self + " " + ToolexecVerb, nil
}

// Toolexec runs one tool for the go command: args are the tool's path and
// its arguments. It returns the exit status.
func Toolexec(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, "redefine toolexec: no tool to run")
		return 2
	}
	tool, toolArgs := args[0], args[1:]
	var after func() error
	isCover := strings.TrimSuffix(filepath.Base(tool), ".exe") == "cover"
	if isCover && len(toolArgs) == 1 && toolArgs[0] == "-V=full" {
		return coverVersion(append(strings.Fields(os.Getenv(toolexecNextEnv)), tool), stdout, stderr)
	}
	if isCover && os.Getenv(toolexecOverlayEnv) != "" {
		var err error
		toolArgs, after, err = coverArgs(toolArgs, os.Getenv(toolexecOverlayEnv), os.Getenv(toolexecSkipEnv))
		if err != nil {
			fmt.Fprintf(stderr, "redefine toolexec: %v\n", err)
			return 1
		}
	}
	argv := append(strings.Fields(os.Getenv(toolexecNextEnv)), tool)
	argv = append(argv, toolArgs...)
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = stdin, stdout, stderr
	code, err := wait(cmd, tool)
	if err != nil {
		fmt.Fprintf(stderr, "redefine toolexec: %v\n", err)
		return 1
	}
	if code == 0 && after != nil {
		if err := after(); err != nil {
			fmt.Fprintf(stderr, "redefine toolexec: %v\n", err)
			return 1
		}
	}
	return code
}

// coverArgs rewrites a cover command line (go 1.20 and later: -pkgcfg,
// -outfilelist, then the package's files) for the overlay. It returns the
// new arguments and a step to run after cover, which writes the outputs of
// the files left out.
func coverArgs(args []string, overlayFile, skipFile string) ([]string, func() error, error) {
	data, err := os.ReadFile(overlayFile)
	if err != nil {
		return nil, nil, err
	}
	var spec struct{ Replace map[string]string }
	if err := json.Unmarshal(data, &spec); err != nil {
		return nil, nil, fmt.Errorf("reading %s: %w", overlayFile, err)
	}
	skip := map[string]bool{}
	if skipFile != "" {
		list, err := os.ReadFile(skipFile)
		if err != nil {
			return nil, nil, err
		}
		for _, f := range strings.Split(string(list), "\n") {
			skip[f] = f != ""
		}
	}
	// Flags come first, all with a value; the files follow.
	i, outList, pkgcfg := 0, -1, -1
	for i < len(args) && strings.HasPrefix(args[i], "-") {
		name, _, hasValue := strings.Cut(strings.TrimLeft(args[i], "-"), "=")
		if !hasValue {
			switch name {
			case "outfilelist":
				outList = i + 1
			case "pkgcfg":
				pkgcfg = i + 1
			}
			i++
		}
		i++
	}
	// The engine is never instrumented (-coverpkg=all would match it): the
	// profile has the packages go test would build, no more.
	engine, pkgName := false, ""
	if pkgcfg >= 0 && pkgcfg < len(args) {
		var cfg struct{ PkgPath, PkgName string }
		if data, err := os.ReadFile(args[pkgcfg]); err == nil && json.Unmarshal(data, &cfg) == nil {
			engine = cfg.PkgPath == enginePath || strings.HasPrefix(cfg.PkgPath, enginePath+"/")
			pkgName = cfg.PkgName
		}
	}
	if outList < 0 || outList >= len(args) {
		return args, nil, nil // an older cover: nothing we know how to fix
	}
	outs, err := os.ReadFile(args[outList])
	if err != nil {
		return nil, nil, err
	}
	outFiles := strings.Split(strings.TrimRight(string(outs), "\n"), "\n")
	files := args[i:]
	if len(outFiles) != len(files)+1 { // the first output is covervars.go
		return args, nil, nil
	}
	var keepFiles, keepOuts []string
	copies := map[string]string{} // output → generated source
	for k, f := range files {
		repl, ok := spec.Replace[f]
		_, statErr := os.Stat(f)
		switch {
		case engine && ok:
			copies[outFiles[k+1]] = repl
			continue
		case engine:
			copies[outFiles[k+1]] = f
			continue
		case ok && statErr != nil:
			// A file only the overlay has (ours): not instrumented.
			copies[outFiles[k+1]] = repl
			continue
		case skip[f] && ok:
			copies[outFiles[k+1]] = repl
			continue
		case skip[f]:
			copies[outFiles[k+1]] = f
			continue
		case ok:
			f = repl
		}
		keepFiles = append(keepFiles, f)
		keepOuts = append(keepOuts, outFiles[k+1])
	}
	if len(keepFiles) == 0 && pkgName != "" {
		// cover wants at least one file: one without statements.
		empty := args[outList] + ".empty.go"
		if err := os.WriteFile(empty, []byte("package "+pkgName+"\n"), 0o644); err != nil {
			return nil, nil, err
		}
		keepFiles, keepOuts = []string{empty}, []string{empty + ".out.go"}
	}
	out := append([]string(nil), args[:i]...)
	if len(copies) > 0 {
		list := args[outList] + ".redefine"
		if err := os.WriteFile(list, []byte(strings.Join(append([]string{outFiles[0]}, keepOuts...), "\n")+"\n"), 0o644); err != nil {
			return nil, nil, err
		}
		out[outList] = list
	}
	out = append(out, keepFiles...)
	after := func() error {
		for dst, src := range copies {
			data, err := os.ReadFile(src)
			if err != nil {
				return err
			}
			if err := os.WriteFile(dst, data, 0o644); err != nil {
				return err
			}
		}
		return nil
	}
	return out, after, nil
}

// redefinitionFiles are the files of redefinitions that only builds with the
// redefine tag compile (not the _test.go files, which cover never sees, nor
// the files of -redefine replacements, which every build compiles).
func redefinitionFiles(redefs []*directives.Redefinition) []string {
	var out []string
	seen := map[string]bool{}
	for _, r := range redefs {
		if !r.InTest && !r.FromFlag && !seen[r.File] {
			seen[r.File] = true
			out = append(out, r.File)
		}
	}
	return out
}

// coverWrapperID marks cover's version line; change it whenever what the
// wrapper does to cover's inputs changes.
const coverWrapperID = "+redefine-cover-2"

// coverVersion prints cover's -V=full line with the wrapper's mark. The go
// command takes a release's whole line as the tool's identity; a
// development toolchain's is its trailing buildID=, kept last.
func coverVersion(argv []string, stdout, stderr io.Writer) int {
	cmd := exec.Command(argv[0], append(argv[1:], "-V=full")...)
	cmd.Stderr = stderr
	out, err := cmd.Output()
	if err != nil {
		fmt.Fprintf(stderr, "redefine toolexec: %s -V=full: %v\n", argv[len(argv)-1], err)
		return 1
	}
	f := strings.Fields(string(out))
	if n := len(f); n > 0 && strings.HasPrefix(f[n-1], "buildID=") {
		f = append(f[:n-1], coverWrapperID, f[n-1])
	} else {
		f = append(f, coverWrapperID)
	}
	fmt.Fprintln(stdout, strings.Join(f, " "))
	return 0
}
