//go:build !(darwin && arm64)

package redefine

import "fmt"

// Generated code everywhere but on Apple silicon: ordinary anonymous
// memory. A chunk holds code of many redefinitions, so a page may already
// run code when more is added to it: it stays executable while it is
// written (read-write-execute for the write, then read+execute).

// mapCodeAt maps size bytes of read-write memory, at hint if it is free.
func mapCodeAt(hint, size uintptr) (uintptr, error) {
	return mmapHint(hint, size)
}

// writeGenerated writes code at addr, in a chunk, where nothing runs it
// yet.
func writeGenerated(s strategy, addr uintptr, code []byte) error {
	start, end := pageDown(addr), pageUp(addr+uintptr(len(code)))
	if err := mprotect(start, end-start, protRead|protWrite|protExec); err != nil {
		return fmt.Errorf("making generated code writable: %w", err)
	}
	copy(bytesAt(addr, uintptr(len(code))), code)
	if err := mprotect(start, end-start, protRead|protExec); err != nil {
		return fmt.Errorf("making generated code executable: %w", err)
	}
	flushICache(addr, addr+uintptr(len(code)))
	return nil
}
