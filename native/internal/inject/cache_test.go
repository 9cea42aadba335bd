package inject

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestCacheKey(t *testing.T) {
	root := t.TempDir()
	mod, dep := filepath.Join(root, "m"), filepath.Join(root, "dep")
	write := func(p, text string) {
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(mod, "go.mod"), "module example.com/m\n\ngo 1.22\n\nreplace example.com/dep => ../dep\n")
	write(filepath.Join(mod, "main.go"), "package main\n")
	write(filepath.Join(mod, "README.md"), "hello\n")
	write(filepath.Join(dep, "go.mod"), "module example.com/dep\n")
	write(filepath.Join(dep, "dep.go"), "package dep\n")
	env := &goEnv{GOMOD: filepath.Join(mod, "go.mod"), GOVERSION: "go1.26.8"}
	key := func() string {
		return cacheKey(env, []string{"GOFLAGS=", "HOME=/x"}, mod, []string{"-tags=redefine"}, true, []string{"./..."}, nil)
	}
	k0 := key()
	if k0 == "" || key() != k0 {
		t.Fatalf("key %q is not stable", k0)
	}
	// Later modification times, so that a change within the clock's
	// resolution is seen too.
	touch := func(p string) {
		later := time.Now().Add(time.Duration(len(p)) * time.Second)
		os.Chtimes(p, later, later)
	}
	write(filepath.Join(mod, "README.md"), "changed\n")
	if key() != k0 {
		t.Error("a README changed the key")
	}
	for i, change := range []func(){
		func() { write(filepath.Join(mod, "main.go"), "package main // edited\n") },
		func() { touch(filepath.Join(mod, "main.go")) },
		func() { write(filepath.Join(mod, "redefine_x.go"), "package main\n") },
		func() { write(filepath.Join(mod, "go.sum"), "example.com/x v1.0.0 h1:abc=\n") },
		func() { write(filepath.Join(dep, "dep.go"), "package dep // edited\n") },
		func() { write(filepath.Join(mod, "sub", "sub.go"), "package sub\n") },
	} {
		before := key()
		change()
		if after := key(); after == before || after == "" {
			t.Errorf("change %d did not change the key", i)
		}
	}
	if k := cacheKey(env, nil, mod, []string{"-tags=redefine", "-overlay=/o.json"}, true, nil, nil); k != "" {
		t.Error("a user overlay must disable the cache")
	}
	if k1, k2 := key(), cacheKey(env, []string{"GOARCH=arm64"}, mod, []string{"-tags=redefine"}, true, []string{"./..."}, nil); k1 == k2 {
		t.Error("GOARCH did not change the key")
	}
}

func TestCacheRoundTrip(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	t.Setenv("HOME", t.TempDir())
	a := &analysis{Imports: []importTarget{{"/m", "main"}}}
	store("abcdef", a)
	got, ok := cached("abcdef")
	if !ok || len(got.Imports) != 1 || got.Imports[0].Name != "main" {
		t.Fatalf("cached = %+v, %v", got, ok)
	}
	if _, ok := cached("abcdeg"); ok {
		t.Error("a key never kept was found")
	}
}

func TestPrune(t *testing.T) {
	dir := t.TempDir()
	for i := 0; i < 5; i++ {
		p := filepath.Join(dir, string(rune('a'+i)))
		os.WriteFile(p, nil, 0o644)
		at := time.Unix(int64(1000+i), 0)
		os.Chtimes(p, at, at)
	}
	prune(dir, 2)
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 || entries[0].Name() != "d" || entries[1].Name() != "e" {
		t.Errorf("left %v, want the two newest (d, e)", entries)
	}
}
