package redefine

import "testing"

// Both architectures' thunks assemble for every plan the planners make,
// with the longest undo code, in this build (race builds add the gate).
func TestThunksAssemble(t *testing.T) {
	longestUndo := []byte{0x48, 0x81, 0xc4, 1, 2, 3, 4, 0x5d} // ADDQ $imm32, SP; POPQ BP
	for _, plan := range []*entryPlan{{}, {undo: longestUndo}} {
		for _, dict := range []*dictRegs{nil, {reg: 0, end: 9}, {reg: 2, end: 9}} {
			if code := amd64Thunk(0x1000, 0x2000, 0x3000, plan, dict); len(code) == 0 {
				t.Fatal("empty amd64 thunk")
			}
		}
		for _, dict := range []*dictRegs{nil, {reg: 0, end: 16}, {reg: 3, end: 16}} {
			if code := arm64Thunk(0x1000, 0x2000, 0x3000, plan, dict); len(code)%4 != 0 {
				t.Fatalf("arm64 thunk of %d bytes", len(code))
			}
		}
	}
}
