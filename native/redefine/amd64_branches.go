package redefine

import (
	"encoding/binary"
	"fmt"
)

// Branches inside an amd64 function that lead back to its entry.
//
// Each edit changes only the displacement of one JMP/Jcc rel32, with one
// atomic store, so a thread about to run the branch sees the old target or
// the new one. A rel8 branch cannot reach the trampoline, and relaying it
// through padding would put a thread on a PC the runtime cannot unwind, so
// such a function is refused (Go emits those only in the runtime's own
// loops).
//
// The stub's own jump back to the entry is left alone: it runs the entry
// again and reaches the thunk, which resumes the trampoline when the slow
// path marked DX, and dispatches a call that was in the prologue when the
// patch landed.
func amd64EntryBranches(fn []byte, entry, dest uintptr, plan *entryPlan, _ codeEnv) ([]codeEdit, error) {
	var edits []codeEdit
	for off := 0; off < len(fn); {
		in, err := decodeX86(fn[off:])
		if err != nil {
			return nil, fmt.Errorf("decoding +%#x: %w", off, err)
		}
		b := fn[off : off+in.len]
		pc := entry + uintptr(off)
		off += in.len
		if in.relSize == 0 || in.isCall() { // a CALL of itself is recursion: it should see the patch
			continue
		}
		target := amd64BranchTarget(in, b, pc)
		inStub := plan.stub != nil && pc >= plan.stub.start
		switch {
		case target == entry && inStub:
		case target == entry && pc < entry+uintptr(plan.cover):
			return nil, fmt.Errorf("the branch at +%#x back to the entry is among the instructions the patch replaces", pc-entry)
		case target == entry && in.relSize == 4:
			e, err := amd64Displacement(in, b, pc, dest)
			if err != nil {
				return nil, fmt.Errorf("the jump at +%#x back to the entry: %w", pc-entry, err)
			}
			edits = append(edits, e)
		case target == entry:
			return nil, fmt.Errorf("the short jump at +%#x back to the entry cannot reach the trampoline", pc-entry)
		case target > entry && target < entry+uintptr(plan.cover):
			return nil, fmt.Errorf("the branch at +%#x lands inside the first %d bytes, which the patch replaces", pc-entry, plan.cover)
		}
	}
	return edits, nil
}

// amd64Displacement re-encodes the rel32 displacement of the branch b at pc
// so that it reaches dest. The edit holds only the displacement's bytes.
func amd64Displacement(in x86Inst, b []byte, pc, dest uintptr) (codeEdit, error) {
	rel := int64(dest) - int64(pc+uintptr(in.len))
	if !fitsSigned(rel, 32) {
		return codeEdit{}, fmt.Errorf("the new target is out of reach")
	}
	at := pc + uintptr(in.relOff)
	if !amd64WritableAt(at, 4) {
		return codeEdit{}, fmt.Errorf("its displacement straddles a cache line, so it cannot be rewritten atomically")
	}
	nb := binary.LittleEndian.AppendUint32(nil, uint32(int32(rel)))
	return codeEdit{addr: at, old: append([]byte(nil), b[in.relOff:]...), new: nb}, nil
}
