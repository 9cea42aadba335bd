//go:build !linux

package redefine

import (
	"os"
	"syscall"
)

// executablePath returns the running executable's path. Start-up calls it
// before anything is redefined.
func executablePath() string {
	path, _ := os.Executable()
	return path
}

// openSelf opens the running executable.
func openSelf() (selfFile, error) {
	path, err := os.Executable()
	if err != nil {
		return -1, err
	}
	fd, err := syscall.Open(path, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
	return selfFile(fd), err
}
