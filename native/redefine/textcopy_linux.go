package redefine

// Memory for the duplicate strategy's copy of the text on Linux: ordinary
// anonymous memory, written while read-write, then read+execute. Later
// patches flip a page to read-write-execute for one store and back, as the
// in-place strategy does with the program's own text; a second writable
// mapping of the same memory would avoid the flips, but would keep a
// writable alias of running code for the life of the process.

func mapTextCopy(near uintptr, reach int64, size uintptr) (uintptr, error) {
	return mapNear(near, reach, size)
}

// writingTextCopy runs f, which writes the copy: the mapping is writable
// for every thread until sealTextCopy.
func writingTextCopy(f func()) { f() }

func sealTextCopy(addr, size uintptr) error {
	if err := mprotect(addr, size, protRead|protExec); err != nil {
		return err
	}
	flushICache(addr, addr+size)
	return nil
}

func writeTextCopy(addr uintptr, b []byte) error {
	return (&inplace{}).writeCode(addr, b)
}

// textCopyEnd is where the copy ends. ELF puts the read-only data in a
// segment of its own, aligned far past the text's last page, with unmapped
// memory between: the copy stops at the text's last page.
func textCopyEnd(md *moduledata) uintptr { return pageUp(md.etext) }
