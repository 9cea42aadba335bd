package redefine

import "syscall"

// getenv reads an environment variable through package syscall, which no
// program may redefine (os.Getenv may be).
func getenv(key string) string {
	v, _ := syscall.Getenv(key)
	return v
}
