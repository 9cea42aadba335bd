package redefine

import (
	"os"
	"syscall"
)

// How the engine reaches the system for its own work: through package
// syscall, which no program may redefine (funcs.go refuses it), never
// through functions a program may redefine (os.Getenv, os.OpenFile,
// fmt.Fprintf).

// getenv reads an environment variable.
func getenv(key string) string {
	v, _ := syscall.Getenv(key)
	return v
}

// appendFile appends line to the file at path with a single write, so that
// test binaries running in parallel never interleave their lines.
func appendFile(path string, line []byte) error {
	fd, err := syscall.Open(path, syscall.O_WRONLY|syscall.O_APPEND|syscall.O_CREAT|syscall.O_CLOEXEC, 0o644)
	if err != nil {
		return err
	}
	_, err = syscall.Write(fd, line)
	if cerr := syscall.Close(fd); err == nil {
		err = cerr
	}
	return err
}

// writeStderr writes s to standard error in one write.
func writeStderr(s string) {
	if s != "" {
		_, _ = syscall.Write(2, []byte(s))
	}
}

type errorString string

func (e errorString) Error() string { return string(e) }

// exitNow ends the program with status. Start-up calls it only while
// nothing is redefined, so os.Exit is the real one: it runs the runtime's
// exit hooks (coverage counters, the race detector's report) first.
func exitNow(status int) { os.Exit(status) }
