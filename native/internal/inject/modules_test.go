package inject

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestModuleCopy: the go.mod copy keeps what it does not know, makes
// directory replacements absolute, and requires and replaces the engine.
func TestModuleCopy(t *testing.T) {
	dir, tmp := t.TempDir(), t.TempDir()
	gomod := filepath.Join(dir, "go.mod")
	os.WriteFile(gomod, []byte(`module example.com/m

go 1.22

ignore ./node_modules

require example.com/dep v1.0.0

replace example.com/dep => ../dep

replace (
	example.com/other v1.0.0 => ./other
	example.com/remote => example.com/fork v1.2.0
	goredefine.dev/redefine => ./old-engine
)
`), 0o644)
	os.WriteFile(filepath.Join(dir, "go.sum"), []byte("sums\n"), 0o644)
	res, err := module(tmp, gomod, "/engine dir")
	if err != nil {
		t.Fatal(err)
	}
	if len(res.flags) != 1 || res.flags[0] != "-modfile="+filepath.Join(tmp, "go.mod") {
		t.Errorf("flags %q", res.flags)
	}
	data, _ := os.ReadFile(filepath.Join(tmp, "go.mod"))
	got := string(data)
	for _, want := range []string{
		"ignore ./node_modules",
		"replace example.com/dep => " + filepath.Join(filepath.Dir(dir), "dep"),
		"example.com/other v1.0.0 => " + filepath.Join(dir, "other"),
		"example.com/remote => example.com/fork v1.2.0",
		"goredefine.dev/redefine v0.0.0",
		`replace goredefine.dev/redefine => "/engine dir"`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("copy lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "old-engine") {
		t.Errorf("the user's engine replacement was kept:\n%s", got)
	}
	if sum, _ := os.ReadFile(filepath.Join(tmp, "go.sum")); string(sum) != "sums\n" {
		t.Errorf("go.sum not copied: %q", sum)
	}
}
