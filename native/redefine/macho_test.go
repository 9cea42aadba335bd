package redefine

import (
	"debug/macho"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// The engine's own Mach-O reader must agree with debug/macho on a real
// darwin/arm64 binary, cross-compiled here, and find __DATA_CONST (where
// cmd/link puts func values) read-only and __TEXT read+execute.
func TestMachSegments(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a darwin binary")
	}
	bin := filepath.Join(t.TempDir(), "hello")
	src := filepath.Join(t.TempDir(), "main.go")
	if err := os.WriteFile(src, []byte("package main\n\nfunc main() { println(\"hi\") }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", "build", "-o", bin, src)
	cmd.Env = append(os.Environ(), "GOOS=darwin", "GOARCH=arm64", "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Skipf("cannot cross-compile for darwin: %v\n%s", err, out)
	}
	data, err := os.ReadFile(bin)
	if err != nil {
		t.Fatal(err)
	}
	segs, err := machSegments(data)
	if err != nil {
		t.Fatal(err)
	}
	f, err := macho.Open(bin)
	if err != nil {
		t.Fatal(err)
	}
	var want []machSegment
	for _, l := range f.Loads {
		if s, ok := l.(*macho.Segment); ok {
			want = append(want, machSegment{s.Name, s.Addr, s.Memsz, int(s.Maxprot), int(s.Prot)})
		}
	}
	if len(segs) != len(want) {
		t.Fatalf("%d segments, debug/macho has %d", len(segs), len(want))
	}
	for i := range want {
		if segs[i] != want[i] {
			t.Errorf("segment %d: %+v, debug/macho says %+v", i, segs[i], want[i])
		}
	}
	// As if loaded 0x4000 higher than linked.
	var text, dataConst machSegment
	for _, s := range segs {
		switch s.name {
		case "__TEXT":
			text = s
		case "__DATA_CONST":
			dataConst = s
		}
	}
	const slide = 0x4000
	ranges := machReadOnlyRanges(segs, uintptr(text.vmaddr)+slide, 0, ^uintptr(0))
	found := map[uintptr]int{}
	for _, r := range ranges {
		found[r.start-slide] = r.prot
	}
	if found[uintptr(text.vmaddr)] != protRead|protExec || found[uintptr(dataConst.vmaddr)] != protRead {
		t.Fatalf("read-only ranges %+v: want __TEXT r-x and __DATA_CONST r--", ranges)
	}
}
