package redefine

import (
	"encoding/binary"
	"fmt"
)

// Branches inside an amd64 function that lead back to its entry, and the
// islands that relay the short ones.
//
// Each edit changes only the displacement of one branch, with one atomic
// store, so a thread about to run the branch sees the old target or the new
// one. A JMP/Jcc rel32 gets its new displacement; a rel8 one cannot reach the
// trampoline, so it is pointed at an island, a JMP rel32 to the trampoline in
// padding within its reach, written before the branch and never removed (a
// thread may be on its way there when the branch is restored).
//
// The stub's own jump back to the entry is left alone: it runs the prologue
// again and reaches the thunk, which resumes the trampoline when the slow
// path marked DX, and dispatches a call that was in the prologue when the
// patch landed.
func amd64EntryBranches(fn []byte, entry, dest uintptr, plan *entryPlan, env codeEnv) ([]codeEdit, []codeEdit, error) {
	var edits, islands []codeEdit
	var placed []uintptr // islands claimed for this function
	for off := 0; off < len(fn); {
		in, err := decodeX86(fn[off:])
		if err != nil {
			if off >= plan.cover {
				break // assembly may end in data; the entry's neighbourhood decoded
			}
			return nil, nil, fmt.Errorf("decoding +%#x: %w", off, err)
		}
		b := fn[off : off+in.len]
		pc := entry + uintptr(off)
		off += in.len
		if in.relSize == 0 || in.opMap == 0 && in.op == 0xe8 { // a CALL of itself is recursion: it should see the patch
			continue
		}
		target := amd64BranchTarget(in, b, pc)
		inStub := plan.stub != nil && pc >= plan.stub.start
		switch {
		case target == entry && inStub:
		case target == entry && pc < entry+uintptr(plan.cover):
			return nil, nil, fmt.Errorf("the branch at +%#x back to the entry is among the instructions the patch replaces", pc-entry)
		case target == entry && in.relSize == 4:
			e, err := amd64Displacement(in, b, pc, dest)
			if err != nil {
				return nil, nil, fmt.Errorf("the jump at +%#x back to the entry: %w", pc-entry, err)
			}
			edits = append(edits, e)
		case target == entry:
			at := uintptr(0)
			for _, a := range placed {
				if fitsSigned(int64(a)-int64(pc+uintptr(in.len)), 8) {
					at = a
				}
			}
			if at == 0 {
				from := pc + uintptr(in.len)
				if at = env.claimPadding(from-128, from+127, 5); at == 0 {
					return nil, nil, fmt.Errorf("the short jump at +%#x back to the entry has no padding within reach to relay it through", pc-entry)
				}
				jmp, err := amd64JumpRel32(at, dest)
				if err != nil {
					return nil, nil, err
				}
				islands = append(islands, codeEdit{addr: at, new: jmp})
				placed = append(placed, at)
			}
			e, err := amd64Displacement(in, b, pc, at)
			if err != nil {
				return nil, nil, fmt.Errorf("the short jump at +%#x back to the entry: %w", pc-entry, err)
			}
			edits = append(edits, e)
		case target > entry && target < entry+uintptr(plan.cover):
			return nil, nil, fmt.Errorf("the branch at +%#x lands inside the first %d bytes, which the patch replaces", pc-entry, plan.cover)
		}
	}
	return edits, islands, nil
}

// amd64Displacement re-encodes the displacement of the branch b at pc so
// that it reaches dest. The edit holds only the displacement's bytes.
func amd64Displacement(in x86Inst, b []byte, pc, dest uintptr) (codeEdit, error) {
	rel := int64(dest) - int64(pc+uintptr(in.len))
	if !fitsSigned(rel, uint(8*in.relSize)) {
		return codeEdit{}, fmt.Errorf("the new target is out of reach")
	}
	at := pc + uintptr(in.relOff)
	if !amd64WritableAt(at, in.relSize) {
		return codeEdit{}, fmt.Errorf("its displacement straddles a cache line, so it cannot be rewritten atomically")
	}
	nb := make([]byte, in.relSize)
	if in.relSize == 1 {
		nb[0] = byte(int8(rel))
	} else {
		binary.LittleEndian.PutUint32(nb, uint32(int32(rel)))
	}
	return codeEdit{addr: at, old: append([]byte(nil), b[in.relOff:]...), new: nb}, nil
}
