package redefine

// Pages of generated code on Apple silicon: macOS executes only signed code
// and MAP_JIT memory, so the thunks and trampolines live in MAP_JIT chunks
// too, written the way the text copy is (through the original text, with
// the thread's JIT write protection lifted for the store).

func mapCodeChunk(addr uintptr, reach int64, size uintptr) (uintptr, error) {
	return mapTextCopy(addr, reach, size)
}

func writeCodePage(s strategy, page uintptr, code []byte) error {
	return s.writeCode(page, code)
}
