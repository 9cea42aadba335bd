package redefine

import "syscall"

// executablePath returns the running executable's path, read from the
// kernel rather than through package os.
func executablePath() string {
	buf := make([]byte, 4096)
	n, err := syscall.Readlink("/proc/self/exe", buf)
	if err != nil || n <= 0 {
		return ""
	}
	return string(buf[:n])
}
