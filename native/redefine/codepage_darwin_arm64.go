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
// yet. The duplicate strategy writes through the original text (the
// program runs from MAP_JIT memory, which a thread that writes it cannot
// execute); the others run the original text, which can write directly.
func writeGenerated(s strategy, addr uintptr, code []byte) error {
	if _, ok := s.(*duplicate); ok {
		return s.writeCode(addr, code)
	}
	return writeTextCopy(addr, code)
}
