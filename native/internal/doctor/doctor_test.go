package doctor

import (
	"os"
	"path/filepath"
	"reflect"
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
	for _, f := range []string{"layout_go126.go", "layout_go124.go", "layout_go125.go", "layout_test.go", "redefine.go"} {
		os.WriteFile(filepath.Join(dir, f), nil, 0o644)
	}
	got := Releases(dir)
	// File names carry no dot (STYLE.md): layout_go124.go is go1.24.
	if want := []string{"go1.24", "go1.25", "go1.26"}; !reflect.DeepEqual(got, want) {
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
