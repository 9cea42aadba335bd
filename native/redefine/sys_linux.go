package redefine

import "syscall"

// executablePath returns the running executable's path, from the kernel.
func executablePath() string {
	buf := make([]byte, 4096)
	n, err := syscall.Readlink("/proc/self/exe", buf)
	if err != nil || n <= 0 {
		return ""
	}
	return string(buf[:n])
}

// openSelf opens the running executable.
func openSelf() (selfFile, error) {
	fd, err := syscall.Open("/proc/self/exe", syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
	return selfFile(fd), err
}
