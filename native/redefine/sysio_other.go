//go:build !linux

package redefine

import "os"

// executablePath returns the running executable's path. Start-up calls it
// before anything is redefined.
func executablePath() string {
	path, _ := os.Executable()
	return path
}
