package doctor

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestStrategy(t *testing.T) {
	for _, c := range []struct{ goos, goarch, want string }{
		{"darwin", "arm64", "duplicate"},
		{"darwin", "amd64", "inplace"},
		{"linux", "arm64", "inplace"},
		{"linux", "amd64", "inplace"},
		{"windows", "amd64", ""},
		{"linux", "386", ""},
	} {
		if got := Strategy(c.goos, c.goarch); got != c.want {
			t.Errorf("Strategy(%s, %s) = %q, want %q", c.goos, c.goarch, got, c.want)
		}
	}
}

func TestReleases(t *testing.T) {
	dir := t.TempDir()
	for name, build := range map[string]string{
		"layout_go122.go":       "//go:build go1.22 && !go1.23",
		"layout_go123.go":       "//go:build go1.23 && !go1.26",
		"layout_go123_124.go":   "//go:build go1.23 && !go1.25",
		"layout_go126.go":       "//go:build go1.26 && !go1.27",
		"layout_unsupported.go": "//go:build go1.27",
		"redefine.go":           "",
	} {
		os.WriteFile(filepath.Join(dir, name), []byte(build+"\n\npackage redefine\n"), 0o644)
	}
	got := Releases(dir)
	if want := []string{"go1.22", "go1.23", "go1.24", "go1.25", "go1.26"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Releases = %q, want %q", got, want)
	}
}

func TestSupported(t *testing.T) {
	rel := []string{"go1.24", "go1.25", "go1.26"}
	for v, want := range map[string]bool{"go1.26.8": true, "go1.24.0": true, "go1.23.4": false, "go1.27rc1": false, "go1.26rc2": true} {
		if got := supported(v, rel); got != want {
			t.Errorf("supported(%q) = %v, want %v", v, got, want)
		}
	}
}

func TestForcedStrategy(t *testing.T) {
	for _, c := range []struct{ v, goos, goarch, want, problem string }{
		{"duplicate", "linux", "arm64", "duplicate", ""},
		{"inplace", "linux", "arm64", "inplace", ""},
		{"inplace", "darwin", "arm64", "", "cannot work on darwin/arm64"},
		{"duplicate", "linux", "amd64", "", "arm64 only"},
		{"fast", "linux", "amd64", "", "want auto, inplace, duplicate or debugger"},
		{"debugger", "darwin", "arm64", "", "only in a program the go-redefine debug adapter debugs"},
	} {
		got, problem := forcedStrategy(c.v, c.goos, c.goarch)
		if got != c.want || (c.problem == "") != (problem == "") || !strings.Contains(problem, c.problem) {
			t.Errorf("forcedStrategy(%s, %s/%s) = %q, %q", c.v, c.goos, c.goarch, got, problem)
		}
	}
}

// TestReleasesOfTheTree ties the engine's layout files
// (native/redefine/layout_go1NN.go) to scripts/go-releases.txt, the releases
// every part of the suite tests: a release added to one and not the other
// fails here.
func TestReleasesOfTheTree(t *testing.T) {
	data, err := os.ReadFile("../../../scripts/go-releases.txt")
	if err != nil {
		t.Fatalf("scripts/go-releases.txt: %v", err)
	}
	var want []string
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		parts := strings.SplitN(line, ".", 3) // go1.26.11 → go1.26
		if len(parts) < 2 {
			t.Fatalf("scripts/go-releases.txt: %q is not a release", line)
		}
		want = append(want, parts[0]+"."+parts[1])
	}
	got := Releases("../../redefine")
	if len(want) == 0 || !reflect.DeepEqual(got, want) {
		t.Errorf("native/redefine has runtime layouts for %q, scripts/go-releases.txt lists %q", got, want)
	}
}
