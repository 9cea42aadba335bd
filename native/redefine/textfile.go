package redefine

import (
	"debug/elf"
	"debug/macho"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"syscall"
)

// The program's code as it was built, read from its executable: what the
// debugger strategy plans from, since running code may hold a debugger's
// breakpoints (strategy_debugger.go). The file is read through system calls,
// not package os, which a program may redefine.

// fileSegment maps addresses of the file's image to offsets in the file.
type fileSegment struct {
	addr, size, off uint64
}

var (
	textFileOnce sync.Once
	textFileSegs []fileSegment
	textFileBias uintptr // running address - address in the file
	textFileErr  error
)

// executableCode reads [addr, addr+n) of the program's text from its
// executable.
func executableCode(addr, n uintptr) ([]byte, error) {
	textFileOnce.Do(loadTextFile)
	if textFileErr != nil {
		return nil, textFileErr
	}
	at := uint64(addr - textFileBias)
	for _, s := range textFileSegs {
		if at >= s.addr && at+uint64(n) <= s.addr+s.size {
			f, err := openSelf()
			if err != nil {
				return nil, err
			}
			defer syscall.Close(int(f))
			b := make([]byte, n)
			if _, err := f.ReadAt(b, int64(s.off+at-s.addr)); err != nil {
				return nil, err
			}
			return b, nil
		}
	}
	return nil, fmt.Errorf("%#x is in no segment of the executable", addr)
}

// loadTextFile reads where the executable's segments lie, and how far the
// text was moved when it was loaded (position-independent executables).
func loadTextFile() {
	f, err := openSelf()
	if err != nil {
		textFileErr = err
		return
	}
	defer syscall.Close(int(f))
	var textAddr uint64
	found := false
	if runtime.GOOS == "darwin" {
		mf, err := macho.NewFile(f)
		if err != nil {
			textFileErr = err
			return
		}
		for _, l := range mf.Loads {
			if s, ok := l.(*macho.Segment); ok && s.Filesz > 0 {
				textFileSegs = append(textFileSegs, fileSegment{s.Addr, s.Filesz, s.Offset})
			}
		}
		if s := mf.Section("__text"); s != nil {
			textAddr, found = s.Addr, true
		}
	} else {
		ef, err := elf.NewFile(f)
		if err != nil {
			textFileErr = err
			return
		}
		for _, p := range ef.Progs {
			if p.Type == elf.PT_LOAD && p.Filesz > 0 {
				textFileSegs = append(textFileSegs, fileSegment{p.Vaddr, p.Filesz, p.Off})
			}
		}
		if s := ef.Section(".text"); s != nil {
			textAddr, found = s.Addr, true
		}
	}
	if !found {
		textFileErr = errors.New("the executable has no text section")
		return
	}
	// The runtime's text starts at the text section's first byte.
	textFileBias = mainModule.text - uintptr(textAddr)
}
