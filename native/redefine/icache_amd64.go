package redefine

// flushICache is a no-op on amd64: x86 keeps instruction fetch coherent with
// stores (Intel SDM vol. 3, 11.6 "Self-modifying code").
func flushICache(start, end uintptr) {}
