package inject

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

// wait runs cmd and returns its exit status.
func wait(cmd *exec.Cmd, what string) (int, error) {
	err := cmd.Run()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		if code := exit.ExitCode(); code >= 0 {
			return code, nil
		}
		return 1, nil // killed by a signal
	}
	if err != nil {
		return 0, fmt.Errorf("running %s: %w", what, err)
	}
	return 0, nil
}

// takeExec removes go run's -exec flag (go build has none) and returns the
// command it names, split like the go command splits it.
func takeExec(args []string) ([]string, []string) {
	var out, with []string
	for i := 0; i < len(args); i++ {
		name, value, hasValue := strings.Cut(strings.TrimLeft(args[i], "-"), "=")
		if args[i] != name && name == "exec" {
			if !hasValue && i+1 < len(args) {
				i++
				value = args[i]
			}
			with = strings.Fields(value)
			continue
		}
		out = append(out, args[i])
	}
	return out, with
}

// programName names the binary like go run would (after the package's
// directory or its first file).
func programName(dir string, patterns []string) string {
	name := "main"
	if len(patterns) > 0 {
		p := strings.TrimSuffix(patterns[0], ".go")
		if strings.HasPrefix(p, ".") {
			p = absIn(dir, p)
		}
		if b := filepath.Base(filepath.Clean(p)); b != "." && b != string(filepath.Separator) && b != "" {
			name = b
		}
	}
	if runtime.GOOS == "windows" {
		name += ".exe"
	}
	return name
}

// programDir is where redefine run builds the program: a directory of the
// user cache named after the package and the command line, so that running
// the same program again finds the binary up to date (go build does not
// link again an -o file whose build ID matches) instead of linking it each
// time; tmp when there is no cache directory.
func programDir(tmp, dir string, args []string, goVersion string) string {
	cache, err := os.UserCacheDir()
	if err != nil {
		return filepath.Join(tmp, "bin")
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%q\x00%q\x00%q", absIn(dir, "."), goVersion, args, os.Getenv("GOOS"), os.Getenv("GOARCH"))
	d := filepath.Join(cache, "go-redefine", "run", hex.EncodeToString(h.Sum(nil))[:20])
	if err := os.MkdirAll(d, 0o755); err != nil {
		return filepath.Join(tmp, "bin")
	}
	now := time.Now()
	os.Chtimes(d, now, now) // the most recently used are kept
	prune(filepath.Dir(d), 16)
	return d
}

// programPath is where redefine run builds the program, and the build's
// extra environment: the go command moves the linked program into place
// with a rename when its work directory (GOTMPDIR) is on the same file
// system; a copy would fail ("text file busy") while an older build of the
// program still runs.
func programPath(tmp string, o Options, patterns []string, goVersion string) (string, []string) {
	dir := programDir(tmp, o.Dir, o.Args, goVersion)
	program := filepath.Join(dir, programName(o.Dir, patterns))
	if os.Getenv("GOTMPDIR") != "" || strings.HasPrefix(dir, tmp) {
		return program, nil
	}
	work := filepath.Join(filepath.Dir(filepath.Dir(dir)), "gotmp")
	if os.MkdirAll(work, 0o755) != nil {
		return program, nil
	}
	return program, []string{"GOTMPDIR=" + work}
}
