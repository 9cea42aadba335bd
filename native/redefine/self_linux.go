package redefine

import "syscall"

// openSelf opens the running executable.
func openSelf() (selfFile, error) {
	fd, err := syscall.Open("/proc/self/exe", syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
	return selfFile(fd), err
}
