package redefine

import (
	"os"
	"syscall"
)

var osPageSize = os.Getpagesize()

// mmapHint maps size bytes of private, anonymous, read-write memory, asking
// the kernel for address hint. Without MAP_FIXED the kernel may choose
// another address; callers check where the memory landed.
func mmapHint(hint, size uintptr) (uintptr, error) {
	addr, _, errno := syscall.Syscall6(syscall.SYS_MMAP, hint, size,
		protRead|protWrite, syscall.MAP_PRIVATE|syscall.MAP_ANON, ^uintptr(0), 0)
	if errno != 0 {
		return 0, errno
	}
	return addr, nil
}

func munmap(addr, size uintptr) error {
	return syscall.Munmap(bytesAt(addr, size))
}

func mprotect(addr, size uintptr, prot int) error {
	return syscall.Mprotect(bytesAt(addr, size), prot)
}
