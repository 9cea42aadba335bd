package lsp

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func TestWorkspaceScopes(t *testing.T) {
	root := t.TempDir()
	write := func(p, s string) {
		os.MkdirAll(filepath.Dir(filepath.Join(root, p)), 0o755)
		os.WriteFile(filepath.Join(root, p), []byte(s), 0o644)
	}
	write("a/go.mod", "module a\n")
	write("b/c/go.mod", "module c\n")
	write("testdata/x/go.mod", "module x\n")
	want := []scope{{filepath.Join(root, "a"), []string{"./..."}}, {filepath.Join(root, "b", "c"), []string{"./..."}}}
	if got := workspaceScopes(root); !reflect.DeepEqual(got, want) {
		t.Errorf("folder of modules: %+v, want %+v", got, want)
	}
	write("go.work", "go 1.22\n\nuse ./a\nuse ./b/c\n")
	want = []scope{{root, []string{"./a/...", "./b/c/..."}}}
	if got := workspaceScopes(root); !reflect.DeepEqual(got, want) {
		t.Errorf("go.work folder: %+v, want %+v", got, want)
	}
	sub := filepath.Join(root, "a", "pkg")
	os.MkdirAll(sub, 0o755)
	if got := workspaceScopes(sub); !reflect.DeepEqual(got, []scope{{sub, []string{"./..."}}}) {
		t.Errorf("folder inside a module: %+v", got)
	}
}
