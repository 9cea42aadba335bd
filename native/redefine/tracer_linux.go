package redefine

import (
	"bytes"
	"strconv"
	"syscall"
)

// tracerPID returns the pid of the process tracing this one (a debugger),
// 0 for none: the TracerPid line of /proc/self/status.
func tracerPID() (int, error) {
	fd, err := syscall.Open("/proc/self/status", syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
	if err != nil {
		return 0, err
	}
	defer syscall.Close(fd)
	var buf [4096]byte
	n, err := syscall.Read(fd, buf[:])
	if err != nil {
		return 0, err
	}
	const key = "\nTracerPid:"
	i := bytes.Index(buf[:n], []byte(key))
	if i < 0 {
		return 0, errorString("/proc/self/status has no TracerPid line")
	}
	line := buf[i+len(key) : n]
	if j := bytes.IndexByte(line, '\n'); j >= 0 {
		line = line[:j]
	}
	return strconv.Atoi(string(bytes.TrimSpace(line)))
}
