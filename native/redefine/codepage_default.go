//go:build !(darwin && arm64)

package redefine

import "fmt"

// Pages of generated code everywhere but on Apple silicon: ordinary
// anonymous memory, written while read-write and not yet executable, then
// made read+execute for good.

func mapCodeChunk(addr uintptr, reach int64, size uintptr) (uintptr, error) {
	return mapNear(addr, reach, size)
}

func writeCodePage(s strategy, page uintptr, code []byte) error {
	copy(bytesAt(page, uintptr(len(code))), code)
	if err := mprotect(page, pageSize(), protRead|protExec); err != nil {
		return fmt.Errorf("making generated code executable: %w", err)
	}
	flushICache(page, page+uintptr(len(code)))
	return nil
}
