package inject

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestCoverArgs(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(text), 0o644)
		return p
	}
	real := write("pkg/a.go", "package a\n")
	changed := write("pkg/b.go", "package a\n")
	redef := write("pkg/redefine_x.go", "//go:build redefine\n\npackage a\n")
	generated := filepath.Join(dir, "pkg", "zz_redefine_import.go") // not on disk
	ov := map[string]string{
		changed:   write("ov/000/b.go", "package a // changed\n"),
		generated: write("ov/001/zz_redefine_import.go", "package a\n\nimport _ \"goredefine.dev/redefine\"\n"),
	}
	data, _ := json.Marshal(map[string]any{"Replace": ov})
	overlayFile := write("overlay.json", string(data))
	skip := write("skip.txt", redef+"\n")
	outs := []string{"/w/covervars.go", "/w/a.cover.go", "/w/b.cover.go", "/w/x.cover.go", "/w/imp.cover.go"}
	list := write("w/outfiles.txt", strings.Join(outs, "\n")+"\n")
	cfg := write("w/pkgcfg.txt", `{"PkgPath":"example.com/a","PkgName":"a"}`)
	args := []string{"-pkgcfg", cfg, "-mode", "set", "-var", "V", "-outfilelist", list, real, changed, redef, generated}

	got, after, err := coverArgs(args, overlayFile, skip)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"-pkgcfg", cfg, "-mode", "set", "-var", "V", "-outfilelist", list + ".redefine", real, ov[changed]}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("args:\n got %q\nwant %q", got, want)
	}
	newList, _ := os.ReadFile(list + ".redefine")
	if string(newList) != "/w/covervars.go\n/w/a.cover.go\n/w/b.cover.go\n" {
		t.Errorf("new outfilelist %q", newList)
	}
	// The files left out are written to their outputs as they are.
	outDir := t.TempDir()
	for i := range outs {
		outs[i] = filepath.Join(outDir, filepath.Base(outs[i]))
	}
	os.WriteFile(list, []byte(strings.Join(outs, "\n")+"\n"), 0o644)
	_, after, _ = coverArgs(args, overlayFile, skip)
	if err := after(); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(outs[4]); !strings.Contains(string(data), "goredefine.dev/redefine") {
		t.Errorf("generated file's output: %q", data)
	}
	if data, _ := os.ReadFile(outs[3]); !strings.HasPrefix(string(data), "//go:build redefine") {
		t.Errorf("redefinition file's output: %q", data)
	}

	// The engine's packages: nothing instrumented, one empty file for cover.
	os.WriteFile(cfg, []byte(`{"PkgPath":"goredefine.dev/redefine","PkgName":"redefine"}`), 0o644)
	got, _, _ = coverArgs(args, overlayFile, skip)
	if n := len(got); n != 9 || !strings.HasSuffix(got[8], ".empty.go") {
		t.Errorf("engine: args %q", got)
	}
}

func TestNeedsToolexec(t *testing.T) {
	for args, want := range map[string]bool{
		"-count=1 ./...": false, "-cover ./...": true, "-coverprofile=c.out": true, "-test.coverprofile c.out": true,
		"-coverpkg=./...": true, "-run Cover": false, "-covermode=set": true,
	} {
		if got := needsToolexec(strings.Fields(args), ""); got != want {
			t.Errorf("needsToolexec(%q) = %v", args, got)
		}
	}
	if !needsToolexec(nil, "-mod=mod -cover") {
		t.Error("GOFLAGS=-cover not seen")
	}
}
