package redefine

// flushICache makes instructions written to [start, end) visible to
// instruction fetch on every core: clean the data cache to the point of
// unification, invalidate the instruction cache, then synchronise (Arm ARM
// B2.4.4, "Concurrent modification and execution of instructions").
//
//go:noescape
func flushICache(start, end uintptr)
