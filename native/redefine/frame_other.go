//go:build !arm64

package redefine

// moveReturnAddresses is only needed by the duplicate strategy, which
// refuses to prepare on anything but arm64.
func moveReturnAddresses(lo, hi, offset uintptr) int { return 0 }
