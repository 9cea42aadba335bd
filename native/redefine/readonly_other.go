//go:build !linux

package redefine

// readOnlyRanges on Mach-O: the read-only data sections are packed without
// gaps inside their segment, so [lo, hi) is taken as one range. Untested on
// a Mac (see README).
func readOnlyRanges(lo, hi uintptr) []memRange {
	return []memRange{{lo, hi, protRead}}
}
