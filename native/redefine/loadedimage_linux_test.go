package redefine

import (
	"debug/buildinfo"
	"debug/elf"
	"fmt"
	"os"
	"runtime"
	"strings"
	"syscall"
	"testing"
)

// A linux/arm64 Go program loaded into the test process at its own
// addresses, the way the kernel's loader maps it (file-backed, private), so
// that the duplicate strategy's relocation and code-pointer scan run on it
// exactly as the engine would run them inside that program: its moduledata,
// pclntab, itabs and read-only data are all where its pointers say.
//
// A non-PIE test binary of our own sits where arm64 programs start (amd64
// text at 0x400000, arm64 at 0x10000): the tests that load an image build the
// test binary with -buildmode=pie (scripts/bench-duplicate.sh,
// scripts/test.d/10-engine.sh) and skip otherwise.

type loadedImage struct {
	path  string
	file  *os.File
	progs []*elf.Prog
	md    *moduledata
	text  textRange // as the duplicate strategy computes it (textCopyEnd on linux)
}

// mapFixedNoReplace is MAP_FIXED_NOREPLACE (Linux 4.17): fail rather than
// replace a mapping of the test process.
const mapFixedNoReplace = 0x100000

// loadImage maps path's PT_LOAD segments at their addresses.
func loadImage(tb testing.TB, path string) *loadedImage {
	tb.Helper()
	if runtime.GOOS != "linux" || runtime.GOARCH != "amd64" {
		tb.Skip("loading an arm64 program at its own addresses needs a linux/amd64 host")
	}
	info, err := buildinfo.ReadFile(path)
	if err != nil {
		tb.Fatalf("%s: %v", path, err)
	}
	if release(info.GoVersion) != release(runtime.Version()) {
		tb.Skipf("%s was built by %s; this test reads its moduledata with the %s layout", path, info.GoVersion, runtime.Version())
	}
	ef, err := elf.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer ef.Close()
	if ef.Machine != elf.EM_AARCH64 {
		tb.Fatalf("%s: not an arm64 program", path)
	}
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	im := &loadedImage{path: path, file: f}
	for _, p := range ef.Progs {
		if p.Type == elf.PT_LOAD {
			im.progs = append(im.progs, p)
		}
	}
	if err := im.mapAll(); err != nil {
		im.unload()
		f.Close()
		if strings.Contains(err.Error(), "in use") {
			tb.Skipf("%v: run this test in a test binary built with -buildmode=pie", err)
		}
		tb.Fatal(err)
	}
	tb.Cleanup(func() { im.unload(); f.Close() })

	syms, err := ef.Symbols()
	if err != nil {
		tb.Fatalf("%s: %v (the loader needs the symbol table: build without -s)", path, err)
	}
	for _, s := range syms {
		if s.Name == "runtime.firstmoduledata" {
			im.md = (*moduledata)(addrPtr(uintptr(s.Value)))
		}
	}
	text := ef.Section(".text")
	if im.md == nil || text == nil || im.md.text != uintptr(text.Addr) || im.md.pcHeader.magic != mainModule.pcHeader.magic {
		tb.Fatalf("%s: runtime.firstmoduledata not found or not a %s layout", path, runtime.Version())
	}
	im.text = textRange{start: pageDown(im.md.text), end: pageUp(im.md.etext), module: pageDown(im.md.text), moduleEnd: im.md.end}
	return im
}

func release(v string) string {
	parts := strings.SplitN(strings.TrimPrefix(v, "go"), ".", 3)
	if len(parts) < 2 {
		return v
	}
	return parts[0] + "." + parts[1]
}

func (im *loadedImage) mapAll() error {
	for _, p := range im.progs {
		if err := im.mapProg(p); err != nil {
			return err
		}
	}
	return nil
}

// mapProg maps one segment: the file's pages, then zeroed memory past the
// file's bytes (bss).
func (im *loadedImage) mapProg(p *elf.Prog) error {
	ps := pageSize()
	start := uintptr(p.Vaddr) &^ (ps - 1)
	fileEnd := uintptr(p.Vaddr + p.Filesz)
	memEnd := pageUp(uintptr(p.Vaddr + p.Memsz))
	prot := protRead
	if p.Flags&elf.PF_W != 0 {
		prot |= protWrite
	}
	if err := mmapFixed(start, pageUp(fileEnd)-start, prot, int(im.file.Fd()), int64(p.Off)&^int64(ps-1)); err != nil {
		return err
	}
	if p.Memsz > p.Filesz {
		clear(bytesAt(fileEnd, pageUp(fileEnd)-fileEnd))
		if memEnd > pageUp(fileEnd) {
			if err := mmapFixed(pageUp(fileEnd), memEnd-pageUp(fileEnd), prot, -1, 0); err != nil {
				return err
			}
		}
	}
	return nil
}

// remap maps the segments holding [lo, hi) afresh: a benchmark iteration that
// wrote them starts again from the program as loaded.
func (im *loadedImage) remap(tb testing.TB, lo, hi uintptr) {
	for _, p := range im.progs {
		if uintptr(p.Vaddr) < hi && uintptr(p.Vaddr+p.Memsz) > lo {
			start := uintptr(p.Vaddr) &^ (pageSize() - 1)
			if err := rawMunmap(start, pageUp(uintptr(p.Vaddr+p.Memsz))-start); err != nil {
				tb.Fatal(err)
			}
			if err := im.mapProg(p); err != nil {
				tb.Fatal(err)
			}
		}
	}
}

func (im *loadedImage) unload() {
	for _, p := range im.progs {
		start := uintptr(p.Vaddr) &^ (pageSize() - 1)
		_ = rawMunmap(start, pageUp(uintptr(p.Vaddr+p.Memsz))-start)
	}
}

func mmapFixed(addr, size uintptr, prot, fd int, off int64) error {
	flags := syscall.MAP_PRIVATE | mapFixedNoReplace
	if fd < 0 {
		flags |= syscall.MAP_ANON
	}
	p, _, errno := syscall.Syscall6(syscall.SYS_MMAP, addr, size, uintptr(prot), uintptr(flags), uintptr(fd), uintptr(off))
	if errno == syscall.EEXIST {
		return fmt.Errorf("mapping %#x-%#x: address range in use by the test process", addr, addr+size)
	}
	if errno != 0 {
		return fmt.Errorf("mapping %#x-%#x: %v", addr, addr+size, errno)
	}
	if p != addr {
		_ = rawMunmap(p, size)
		return fmt.Errorf("mapping %#x-%#x: the kernel ignores MAP_FIXED_NOREPLACE (address range in use)", addr, addr+size)
	}
	return nil
}

// textBytes returns the program's text as the duplicate strategy copies it.
func (im *loadedImage) textBytes() []byte { return bytesAt(im.text.start, im.text.end-im.text.start) }

// rawMunmap unmaps memory that syscall.Mmap did not map (syscall.Munmap
// refuses those with EINVAL).
func rawMunmap(addr, size uintptr) error {
	if _, _, errno := syscall.Syscall(syscall.SYS_MUNMAP, addr, size, 0); errno != 0 {
		return errno
	}
	return nil
}
