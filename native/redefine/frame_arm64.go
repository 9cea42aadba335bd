package redefine

// callerFP returns the frame pointer of its caller. Go's arm64 frames keep
// the caller's frame pointer at FP and the return address at FP+8.
func callerFP() uintptr

// moveReturnAddresses walks the calling goroutine's frame-pointer chain and
// adds offset to every return address inside [lo, hi): each frame, when it
// returns, continues in the copy of its caller's code. The walk calls
// nothing, so the stack cannot move under it: it grows only at calls, and is
// never shrunk while a goroutine is stopped at an asynchronous safe point.
//
//go:noinline
func moveReturnAddresses(lo, hi, offset uintptr) int {
	moved := 0
	fp := callerFP()
	for i := 0; fp != 0 && i < 100000; i++ {
		lr := (*uintptr)(addrPtr(fp + 8))
		if *lr >= lo && *lr < hi {
			*lr += offset
			moved++
		}
		next := *(*uintptr)(addrPtr(fp))
		if next <= fp { // frames are at increasing addresses; anything else ends the chain
			break
		}
		fp = next
	}
	return moved
}
