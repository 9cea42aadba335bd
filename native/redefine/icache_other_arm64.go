//go:build !linux && !darwin

package redefine

// flushICache: the engine refuses to run on this operating system (see
// checkPlatform), so nothing is ever written.
func flushICache(start, end uintptr) {}
