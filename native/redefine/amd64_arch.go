package redefine

import (
	"encoding/binary"
	"fmt"
)

const amd64EntryPatchLen = 5

// amd64Arch patches with a 5-byte JMP rel32 (E9) at the entry, written as
// part of one aligned 8-byte store. Go aligns function entries to 32 bytes
// (cmd/link/internal/amd64: funcAlign), so the five bytes never straddle.
var amd64Arch = &archInfo{
	name:          "amd64",
	entryPatchLen: amd64EntryPatchLen,
	funcAlign:     32,
	branchReach:   1<<31 - 1<<20, // rel32, with a margin for the code around
	entryBranch:   amd64JumpRel32,
	thunk:         amd64Thunk,
	trampoline:    amd64Trampoline,
	entryBranches: amd64EntryBranches,
}

// amd64JumpRel32 encodes JMP rel32 at from to to.
func amd64JumpRel32(from, to uintptr) ([]byte, error) {
	rel := int64(to) - int64(from+5)
	if !fitsSigned(rel, 32) {
		return nil, fmt.Errorf("jump from %#x to %#x is out of rel32 range", from, to)
	}
	b := []byte{0xe9, 0, 0, 0, 0}
	binary.LittleEndian.PutUint32(b[1:], uint32(int32(rel)))
	return b, nil
}

// amd64Thunk: DX is the closure context register of Go's internal ABI and
// carries no argument, so it can carry the replacement's func value; R12 is
// a scratch register. DX equal to the trampoline's address means "resume
// the original after stack growth" (see amd64SlowPath); the thunk clears it
// then, so that the marker never reaches a later call.
//
//	MOVQ $tramp, R12   49 BC imm64
//	CMPQ DX, R12       4C 39 E2
//	JNE  call          75 07
//	XORL DX, DX        31 D2
//	JMP  tramp         E9 rel32
//	call:
//	MOVQ $slot, DX     48 BA imm64
//	MOVQ (DX), DX      48 8B 12
//	JMP  (DX)          FF 22
func amd64Thunk(addr, slot, tramp uintptr) []byte {
	b := []byte{0x49, 0xbc}
	b = binary.LittleEndian.AppendUint64(b, uint64(tramp))
	b = append(b, 0x4c, 0x39, 0xe2, 0x75, 0x07, 0x31, 0xd2, 0xe9)
	b = binary.LittleEndian.AppendUint32(b, uint32(int32(int64(tramp)-int64(addr+uintptr(len(b))+4))))
	b = append(b, 0x48, 0xba)
	b = binary.LittleEndian.AppendUint64(b, uint64(slot))
	return append(b, 0x48, 0x8b, 0x12, 0xff, 0x22)
}

// amd64Relocate re-encodes one instruction to run at newPC instead of oldPC.
// It also returns the branch target of a relative branch (0 otherwise).
func amd64Relocate(in x86Inst, b []byte, oldPC, newPC uintptr) ([]byte, uintptr, error) {
	out := append([]byte(nil), b...)
	switch {
	case in.ripOff != 0:
		disp := int64(int32(binary.LittleEndian.Uint32(b[in.ripOff:])))
		disp += int64(oldPC) - int64(newPC)
		if !fitsSigned(disp, 32) {
			return nil, 0, fmt.Errorf("RIP-relative operand out of range after relocation")
		}
		binary.LittleEndian.PutUint32(out[in.ripOff:], uint32(int32(disp)))
		return out, 0, nil
	case in.relSize == 0:
		return out, 0, nil
	}
	target := amd64BranchTarget(in, b, oldPC)
	switch {
	case in.relSize == 4:
		rel := int64(target) - int64(newPC+uintptr(in.len))
		if !fitsSigned(rel, 32) {
			return nil, 0, fmt.Errorf("branch out of rel32 range after relocation")
		}
		binary.LittleEndian.PutUint32(out[in.relOff:], uint32(int32(rel)))
		return out, target, nil
	case in.op == 0xeb: // JMP rel8 becomes JMP rel32
		j, err := amd64JumpRel32(newPC, target)
		return j, target, err
	case in.op >= 0x70 && in.op <= 0x7f: // Jcc rel8 becomes Jcc rel32 (0F 8x)
		rel := int64(target) - int64(newPC+6)
		if !fitsSigned(rel, 32) {
			return nil, 0, fmt.Errorf("branch out of rel32 range after relocation")
		}
		j := []byte{0x0f, 0x80 | in.op&0x0f, 0, 0, 0, 0}
		binary.LittleEndian.PutUint32(j[2:], uint32(int32(rel)))
		return j, target, nil
	}
	return nil, 0, fmt.Errorf("cannot relocate instruction % x", b)
}

// amd64BranchTarget is the destination of a relative branch at pc.
func amd64BranchTarget(in x86Inst, b []byte, pc uintptr) uintptr {
	var rel int64
	if in.relSize == 1 {
		rel = int64(int8(b[in.relOff]))
	} else {
		rel = int64(int32(binary.LittleEndian.Uint32(b[in.relOff:])))
	}
	return uintptr(int64(pc) + int64(in.len) + rel)
}
