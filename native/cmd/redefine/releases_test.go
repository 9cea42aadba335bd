package main

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestOlderToolchains runs the frozen-clock test and a vendored build with
// the oldest supported Go releases (scripts/go-releases.txt): their go vet
// cannot read -overlay files and Go 1.22 introduced workspace vendoring, so
// these are the releases where the injection differs. A toolchain missing
// from the module cache is not downloaded here: the subtest fails on CI and
// is skipped elsewhere (scripts/test.d/15-go-releases.sh fetches them).
func TestOlderToolchains(t *testing.T) {
	realEngine(t)
	modcache, err := exec.Command("go", "env", "GOMODCACHE").Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, release := range oldestReleases(t, 2) {
		t.Run(release, func(t *testing.T) {
			if goMinor(release) > goMinor(runtime.Version()) {
				// The command reads the export data of its own Go release and
				// older ones; the extension builds it with the user's Go.
				t.Skipf("%s is newer than the %s this command is built with", release, runtime.Version())
			}
			tc := filepath.Join(strings.TrimSpace(string(modcache)), "golang.org", "toolchain@v0.0.1-"+release+"."+runtime.GOOS+"-"+runtime.GOARCH)
			_, err := os.Stat(tc)
			need(t, err == nil, "%s in the module cache (scripts/test.d/15-go-releases.sh fetches it: GOTOOLCHAIN=%s go version)", release, release)
			env := []string{"GOTOOLCHAIN=" + release, "GOPROXY=off"}
			dir := fixture(t, "frozen")
			if r := redefine(t, dir, env, "test", "-count=1", "."); r.code != 0 {
				t.Errorf("redefine test: exit %d\n%s%s", r.code, r.stdout, r.stderr)
			}
			dir = fixture(t, "app") // coverage through the -toolexec wrapper
			if r := redefine(t, dir, env, "test", "-count=1", "-cover", "./..."); r.code != 0 || !strings.Contains(r.stdout, "coverage: ") {
				t.Errorf("redefine test -cover: exit %d\n%s%s", r.code, r.stdout, r.stderr)
			}
			dir = fixture(t, "oldgo") // go 1.16: the engine's go line lowered
			if r := redefine(t, dir, env, "test", "-count=1", "."); r.code != 0 {
				t.Errorf("redefine test (go 1.16 module): exit %d\n%s%s", r.code, r.stdout, r.stderr)
			}
			if release >= "go1.23" {
				dir = fixture(t, "vend") // its go.mod says go 1.23
				if r := redefine(t, dir, env, "run", "."); r.code != 0 || strings.TrimSpace(r.stdout) != "redefined dep" {
					t.Errorf("redefine run (vendored): exit %d, output %q\n%s", r.code, r.stdout, r.stderr)
				}
			}
		})
	}
}

func oldestReleases(t *testing.T, n int) []string {
	f, err := os.Open("../../../scripts/go-releases.txt")
	need(t, err == nil, "scripts/go-releases.txt")
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() && len(out) < n {
		if line := strings.TrimSpace(sc.Text()); line != "" && !strings.HasPrefix(line, "#") {
			out = append(out, line)
		}
	}
	return out
}

// goMinor is N of go1.N[.M]; 0 if unknown.
func goMinor(v string) int {
	var minor int
	fmt.Sscanf(strings.TrimPrefix(v, "go1."), "%d", &minor)
	return minor
}

// needGo skips a test when the go command is older than go1.N: the
// fixture's go.mod needs it.
func needGo(t *testing.T, minor int) {
	t.Helper()
	out, err := exec.Command("go", "env", "GOVERSION").Output()
	if err != nil {
		t.Fatal(err)
	}
	if v := strings.TrimSpace(string(out)); goMinor(v) < minor {
		t.Skipf("the fixture needs go1.%d; the go command is %s", minor, v)
	}
}
