package redefine

import (
	"os"
	"syscall"
	_ "unsafe" // go:linkname
)

// On macOS every system call goes through libSystem. The engine calls it the
// way golang.org/x/sys/unix does, without cgo: the linker imports the
// symbols (go:cgo_import_dynamic), an assembly trampoline jumps to each, and
// the runtime's syscall6 switches to the system stack and calls it.

//go:linkname syscall6 syscall.syscall6
func syscall6(fn, a1, a2, a3, a4, a5, a6 uintptr) (r1, r2 uintptr, err syscall.Errno)

//go:cgo_import_dynamic libc_mmap mmap "/usr/lib/libSystem.B.dylib"
//go:cgo_import_dynamic libc_munmap munmap "/usr/lib/libSystem.B.dylib"
//go:cgo_import_dynamic libc_mprotect mprotect "/usr/lib/libSystem.B.dylib"

// Addresses of the trampolines in mem_darwin_GOARCH.s.
var (
	libc_mmap_trampoline_addr     uintptr
	libc_munmap_trampoline_addr   uintptr
	libc_mprotect_trampoline_addr uintptr
)

var osPageSize = os.Getpagesize()

const (
	darwinMapPrivate = 0x0002
	darwinMapAnon    = 0x1000
	darwinMapJIT     = 0x0800
)

// mmapHint maps size bytes of private, anonymous, read-write memory near
// hint (a hint only: callers check where it landed).
func mmapHint(hint, size uintptr) (uintptr, error) {
	return mmapFlags(hint, size, protRead|protWrite, darwinMapPrivate|darwinMapAnon)
}

func mmapFlags(hint, size uintptr, prot, flags int) (uintptr, error) {
	addr, _, errno := syscall6(libc_mmap_trampoline_addr, hint, size, uintptr(prot), uintptr(flags), ^uintptr(0), 0)
	if errno != 0 {
		return 0, errno
	}
	return addr, nil
}

func munmap(addr, size uintptr) error {
	if _, _, errno := syscall6(libc_munmap_trampoline_addr, addr, size, 0, 0, 0, 0); errno != 0 {
		return errno
	}
	return nil
}

func mprotect(addr, size uintptr, prot int) error {
	if _, _, errno := syscall6(libc_mprotect_trampoline_addr, addr, size, uintptr(prot), 0, 0, 0); errno != 0 {
		return errno
	}
	return nil
}
