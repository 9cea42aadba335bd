package redefine

// Generated code on Apple silicon: macOS executes only signed code and
// MAP_JIT memory, so thunks and trampolines live in MAP_JIT chunks too,
// written the way the text copy is (through the original text, with the
// thread's JIT write protection lifted for the store).

// mapCodeAt maps size bytes of MAP_JIT memory, at hint if it is free.
func mapCodeAt(hint, size uintptr) (uintptr, error) {
	return mapJIT(hint, size)
}

// writeGenerated writes code at addr, in a chunk, where nothing runs it
// yet.
func writeGenerated(s strategy, addr uintptr, code []byte) error {
	return s.writeCode(addr, code)
}
