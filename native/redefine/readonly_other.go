//go:build !linux && !darwin

package redefine

// readOnlyRanges: the engine refuses to run on other systems.
func readOnlyRanges(lo, hi uintptr) []memRange { return nil }
