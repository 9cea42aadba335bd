//go:build !linux

package redefine

import (
	"os"
	"syscall"
)

// openSelf opens the running executable.
func openSelf() (selfFile, error) {
	path, err := os.Executable()
	if err != nil {
		return -1, err
	}
	fd, err := syscall.Open(path, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
	return selfFile(fd), err
}
