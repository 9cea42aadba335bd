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

// munmap unmaps memory mapped by mmapHint. syscall.Munmap would refuse it:
// it only unmaps what syscall.Mmap mapped.
func munmap(addr, size uintptr) error {
	if _, _, errno := syscall.Syscall(syscall.SYS_MUNMAP, addr, size, 0); errno != 0 {
		return errno
	}
	return nil
}

func mprotect(addr, size uintptr, prot int) error {
	return syscall.Mprotect(bytesAt(addr, size), prot)
}
