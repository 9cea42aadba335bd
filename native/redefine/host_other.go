//go:build !amd64 && !arm64

package redefine

// hostArch is nil on instruction sets the engine does not know: every call
// then fails with ErrUnsupported.
var hostArch *archInfo

func flushICache(start, end uintptr) {}
