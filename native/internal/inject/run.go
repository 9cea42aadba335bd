package inject

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"

	"goredefine.dev/internal/directives"
	"goredefine.dev/internal/engine"
)

// ExitBadDirectives is the exit status for wrong directives (ARCHITECTURE.md).
const ExitBadDirectives = 2

// Options are one build, run or test.
type Options struct {
	Verb   string   // build, run or test
	Args   []string // the go command's flags and packages, as the user gave them
	Dir    string   // working directory ("" = current)
	Env    []string // nil = os.Environ()
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	GoCmd  string // "go" when empty
	// EngineDir overrides the engine sources (tests); "" uses engine.Dir.
	EngineDir string
}

// Run does the build, run or test and returns the exit status to exit with:
// the go command's own, or ExitBadDirectives. An error is a failure of the
// command itself, before the go command ran.
func Run(ctx context.Context, o Options) (int, error) {
	if o.GoCmd == "" {
		o.GoCmd = "go"
	}
	if o.Env == nil {
		o.Env = os.Environ()
	}
	if o.Stdout == nil {
		o.Stdout = os.Stdout
	}
	if o.Stderr == nil {
		o.Stderr = os.Stderr
	}
	timing := newPhases(os.Getenv("REDEFINE_DEBUG"))
	defer timing.print(o.Stderr)
	inv, err := parseArgs(o.Verb, o.Args)
	if err != nil {
		return 0, err
	}
	if dirs := inv.values["C"]; len(dirs) > 0 {
		o.Dir = absIn(o.Dir, dirs[len(dirs)-1])
	}
	goenv, err := readGoEnv(o.GoCmd, o.Dir, o.Env)
	if err != nil {
		return 0, err
	}
	timing.done("go env")
	// Flags the user set in GOFLAGS are merged like those on the command line.
	restGOFLAGS, fromEnv := splitGOFLAGS(goenv.GOFLAGS)
	env := setEnv(o.Env, "GOFLAGS", restGOFLAGS)
	for name, v := range fromEnv {
		inv.values[name] = append(v, inv.values[name]...)
	}
	tags := mergeTags(inv.values["tags"], "redefine")
	loadFlags := []string{"-tags=" + tags}
	if m := inv.last("modfile"); m != "" {
		loadFlags = append(loadFlags, "-modfile="+absIn(o.Dir, m))
	}
	if ov := inv.last("overlay"); ov != "" {
		loadFlags = append(loadFlags, "-overlay="+absIn(o.Dir, ov))
	}
	if mod := modFlag(inv.args); mod != "" {
		loadFlags = append(loadFlags, "-mod="+mod)
	}
	res, bad, err := analyse(o, inv, goenv, env, loadFlags, timing)
	if err != nil {
		return 0, err
	}
	if bad {
		return ExitBadDirectives, nil
	}

	engineDir := o.EngineDir
	if engineDir == "" {
		if engineDir, _, err = engine.Dir(); err != nil {
			return 0, err
		}
	}
	tmp, err := os.MkdirTemp("", "redefine-")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(tmp)

	inlining := inv.last("inlining")
	files, withL, err := generatedFiles(res, o.Verb, engineDir, goenv.GOMODCACHE, inlining)
	if err != nil {
		return 0, err
	}

	resolve, err := resolveEngine(o, inv, goenv, restGOFLAGS, env, tmp, engineDir)
	if err != nil {
		return 0, err
	}
	lowered, err := lowerEngine(engineDir, resolve.main)
	if err != nil {
		return 0, err
	}
	for p, data := range lowered {
		files[p] = data
	}
	overlayFile, err := resolve.moved(files).write(tmp, absIn(o.Dir, inv.last("overlay")))
	if err != nil {
		return 0, err
	}
	timing.done("overlay")

	verb, userArgs, runArgs := o.Verb, inv.args, inv.progArgs
	var program string
	var execWith, extraBuildEnv []string
	if o.Verb == "run" {
		// go run reports any failure of the program as its own exit status
		// 1; the engine's status 3 (a redefinition that could not be
		// applied) and the program's own status must reach the caller, so
		// run is a build followed by running the binary ourselves.
		verb = "build"
		userArgs, execWith = takeExec(inv.args)
		program, extraBuildEnv = programPath(tmp, o, inv.patterns, goenv.GOVERSION)
		userArgs = append([]string{"-o", program}, userArgs...)
		runArgs = nil
	}
	args := []string{verb, "-tags=" + tags}
	if verb == "test" && !vetReadsOverlays(goenv.GOVERSION) && !hasFlagArg(inv.args, "vet") {
		// go test's vet step in Go 1.23 and older opens files itself and
		// cannot see -overlay files; it would fail on the generated ones.
		args = append(args, "-vet=off")
	}
	gcflags := packageGcflags(inv.values["gcflags"], withL)
	if inlining == "off" {
		gcflags = mergeGcflags(inv.values["gcflags"])
	}
	for _, g := range gcflags {
		args = append(args, "-gcflags="+g)
	}
	args = append(args, "-overlay="+overlayFile)
	args = append(args, resolve.flags...)
	buildEnv := append(append(env, resolve.env...), extraBuildEnv...)
	if needsToolexec(inv.args, restGOFLAGS) {
		// Coverage: cmd/cover must see the overlay (toolexec.go).
		te, teEnv, err := coverageToolexec(tmp, overlayFile, inv.last("toolexec"), res.Redefinitions)
		if err != nil {
			return 0, err
		}
		args = append(args, "-toolexec="+te)
		buildEnv = append(buildEnv, teEnv...)
	} else if te := inv.last("toolexec"); te != "" {
		args = append(args, "-toolexec="+te)
	}
	args = append(args, userArgs...)
	args = append(args, runArgs...)
	cmd := exec.CommandContext(ctx, o.GoCmd, args...)
	cmd.Dir = o.Dir
	cmd.Env = buildEnv
	cmd.Stdin, cmd.Stdout, cmd.Stderr = o.Stdin, o.Stdout, o.Stderr
	if d := os.Getenv("REDEFINE_DEBUG"); d != "" && d != "timing" {
		fmt.Fprintf(o.Stderr, "redefine: %s %s\n", o.GoCmd, strings.Join(args, " "))
	}
	// Like the go command: an interrupt goes to the whole process group, so
	// let the child decide how to end and report its status.
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt)
	defer signal.Stop(sig)
	code, err := wait(cmd, "go "+verb)
	timing.done("go " + verb)
	if err != nil || code != 0 || program == "" {
		return code, err
	}
	// The program gets the user's environment, not the build's (GOWORK,
	// GOFLAGS as we changed them), and its arguments.
	argv := append(execWith, program)
	argv = append(argv, inv.progArgs...)
	run := exec.CommandContext(ctx, argv[0], argv[1:]...)
	run.Dir, run.Env = o.Dir, o.Env
	run.Stdin, run.Stdout, run.Stderr = o.Stdin, o.Stdout, o.Stderr
	code, err = wait(run, argv[0])
	timing.done("program")
	return code, err
}

func absIn(dir, p string) string {
	if p == "" || filepath.IsAbs(p) {
		return p
	}
	if dir == "" {
		dir, _ = os.Getwd()
	}
	return filepath.Join(dir, p)
}

func setEnv(env []string, key, value string) []string {
	out := make([]string, 0, len(env)+1)
	for _, kv := range env {
		if !strings.HasPrefix(kv, key+"=") {
			out = append(out, kv)
		}
	}
	return append(out, key+"="+value)
}

// relDiag prints a diagnostic with its file relative to dir when shorter,
// like the go command prints compile errors.
func relDiag(dir string, d directives.Diagnostic) string {
	if dir == "" {
		dir, _ = os.Getwd()
	}
	if rel, err := filepath.Rel(dir, d.Pos.Filename); err == nil && !strings.HasPrefix(rel, "..") && d.Pos.Line > 0 {
		if !strings.HasPrefix(rel, ".") {
			rel = "./" + rel
		}
		d.Pos.Filename = rel
	}
	return d.String()
}

// analyse finds and checks the directives of the build, from the cache when
// nothing they depend on changed (cache.go). bad reports wrong directives,
// already printed as file:line:col (and, with test -json, as build
// failures on stdout).
func analyse(o Options, inv *invocation, goenv *goEnv, env, loadFlags []string, timing *phases) (res *analysis, bad bool, err error) {
	key := ""
	if os.Getenv("REDEFINE_CACHE") != "off" {
		key = cacheKey(goenv, env, o.Dir, loadFlags, o.Verb == "test", inv.patterns, inv.values["redefine"])
	}
	if res, hit := cached(key); hit {
		timing.done("directives (cached)")
		return res, false, nil
	}
	loaded, err := directives.Load(directives.Config{
		Dir: o.Dir, Env: env, BuildFlags: loadFlags, Tests: o.Verb == "test", Flags: inv.values["redefine"],
	}, inv.patterns...)
	if err != nil {
		return nil, false, err
	}
	timing.done("directives")
	if len(loaded.Diagnostics) > 0 {
		for _, d := range loaded.Diagnostics {
			fmt.Fprintln(o.Stderr, relDiag(o.Dir, d))
		}
		if o.Verb == "test" && hasFlagArg(inv.args, "json") {
			writeTestJSON(o.Stdout, o.Dir, loaded.Packages, loaded.Diagnostics)
		}
		return nil, true, nil
	}
	res = &analysis{
		Redefinitions:     loaded.Redefinitions,
		KeepOutOfInlining: loaded.KeepOutOfInlining,
		Imports:           importTargets(loaded.Packages, goenv.GOMODCACHE),
	}
	if key != "" {
		store(key, res)
	}
	return res, false, nil
}

// generatedFiles are the files the build adds or changes: the engine's
// start-up list, the keep files, the engine imports and, unless inlining is
// off, the targets' //go:noinline (withL: packages that get -l instead).
func generatedFiles(res *analysis, verb, engineDir, modcache, inlining string) (files overlay, withL []string, err error) {
	files = overlay{filepath.Join(engineDir, "zz_startup_generated.go"): startupFile(res.Redefinitions, verb == "test")}
	keep, err := keepFiles(res.Redefinitions)
	if err != nil {
		return nil, nil, err
	}
	for p, data := range keep {
		files[p] = data
	}
	for p, data := range importFiles(res.Imports) {
		files[p] = data
	}
	switch inlining {
	case "", "keep":
		marked, withL, err := noinlineEdits(res.KeepOutOfInlining, modcache, files)
		if err != nil {
			return nil, nil, err
		}
		for p, data := range marked {
			files[p] = data
		}
		return files, withL, nil
	case "off":
		return files, nil, nil
	}
	return nil, nil, fmt.Errorf("-inlining=%s: want keep (the targets known when building are kept out of inlining) or off (no inlining anywhere, -gcflags=all=-l)", inlining)
}

// resolveEngine makes the engine module visible to the go command, by mode
// (docs/command.md): a temporary go.mod, or go.work.
func resolveEngine(o Options, inv *invocation, goenv *goEnv, goflags string, env []string, tmp, engineDir string) (*resolution, error) {
	switch {
	case goenv.GOWORK != "" && goenv.GOWORK != "off":
		return workspace(tmp, goenv.GOWORK, engineDir)
	case goenv.GOMOD != "" && goenv.GOMOD != os.DevNull:
		gomod := goenv.GOMOD
		if m := inv.last("modfile"); m != "" {
			gomod = absIn(o.Dir, m)
		}
		if vendored(inv, goflags, gomod) {
			return vendorWorkspace(tmp, gomod, engineDir, o.GoCmd, env, goenv.GOVERSION)
		}
		return module(tmp, gomod, engineDir)
	}
	return nil, errors.New("redefine needs a Go module: run it inside a module (go mod init) or a workspace")
}
