package redefine

import "runtime"

// Memory for the duplicate strategy's copy of the text on Apple silicon:
// MAP_JIT, the only executable memory macOS lets a process write. A thread
// sees it either writable or executable (pthread_jit_write_protect_np), so
// the code that writes must not itself run from the copy: the strategy calls
// writeTextCopy through the original text (see strategy_duplicate.go), and
// the thread is locked so that no other goroutine runs on it meanwhile.
// The copy is filled by several threads at once (arm64RelocateCopy): each
// makes it writable for itself, in writingTextCopy.

func mapTextCopy(near uintptr, reach int64, size uintptr) (uintptr, error) {
	const step = 1 << 24
	for i := uintptr(1); int64(i*step) < reach; i *= 2 {
		p, err := mapJIT(near+i*step, size)
		if err != nil {
			continue
		}
		if d := int64(p) - int64(near); d > -reach && d < reach-int64(size) {
			return p, nil
		}
		_ = munmap(p, size)
	}
	return 0, errNoNearMemory(near, reach)
}

// writingTextCopy runs f, which writes the copy, on a thread for which the
// copy is writable (and not executable) until f returns.
func writingTextCopy(f func()) {
	runtime.LockOSThread()
	jitWriteProtect(false)
	defer runtime.UnlockOSThread()
	defer jitWriteProtect(true)
	f()
}

func sealTextCopy(addr, size uintptr) error {
	flushICache(addr, addr+size)
	return nil
}

func writeTextCopy(addr uintptr, b []byte) error {
	runtime.LockOSThread()
	jitWriteProtect(false)
	storeCode(addr, b)
	jitWriteProtect(true)
	flushICache(addr, addr+uintptr(len(b)))
	runtime.UnlockOSThread()
	return nil
}

// textCopyEnd is where the copy ends: the page-rounded start of the
// read-only data. Mach-O keeps both in the __TEXT segment, and the linker
// puts stubs between the end of the Go text and the read-only data.
func textCopyEnd(md *moduledata) uintptr { return pageUp(md.rodata) }
