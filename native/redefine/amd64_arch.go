package redefine

import (
	"encoding/binary"
	"fmt"
)

// amd64Arch writes a 5-byte JMP rel32 at the entry, or at an instruction
// shortly after it, that lands where no thread can be hurt (amd64_site.go).
// Go aligns function entries to 32 bytes (cmd/link/internal/amd64:
// funcAlign), so the entry's five bytes lie in one aligned 8-byte word.
var amd64Arch = &archInfo{
	name:          "amd64",
	minFuncLen:    5,
	funcAlign:     32,
	branchReach:   1<<31 - 1<<20, // rel32, with a margin for the code around
	plan:          amd64PlanFor,
	siteBranch:    amd64SiteBranch,
	landingPad:    amd64JumpRel32,
	thunk:         amd64Thunk,
	trampoline:    amd64Trampoline,
	entryBranches: amd64EntryBranches,
	intArgRegs:    len(amd64IntArgRegs),
	floatArgRegs:  15, // X0–X14
	instCall:      amd64InstCall,
	insertDict:    amd64InsertDict,
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

// amd64SiteBranch writes a JMP rel32 at the site to landing.
func amd64SiteBranch(plan *entryPlan, entry, landing uintptr) (codeEdit, error) {
	at := entry + uintptr(plan.site)
	j, err := amd64JumpRel32(at, landing)
	if err != nil {
		return codeEdit{}, err
	}
	if plan.window != nil && !plan.window.admits(landing) {
		return codeEdit{}, fmt.Errorf("the jump to %#x would change bytes a stopped thread may run", landing)
	}
	return codeEdit{addr: at, new: j}, nil
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

// amd64AtomicWindow returns an 8-byte window holding [addr, addr+n) that a
// single store can write atomically: an aligned word, or else an unaligned
// one inside one 64-byte cache line, which x86 also writes atomically (Intel
// SDM vol. 3, 9.1.1). A thread fetching instructions there sees all of the
// old bytes or all of the new ones.
func amd64AtomicWindow(addr uintptr, n int) (uintptr, bool) {
	end := addr + uintptr(n)
	if n > 8 {
		return 0, false
	}
	if w := addr &^ 7; end <= w+8 {
		return w, true
	}
	for _, w := range []uintptr{addr, end - 8} {
		if w <= addr && end <= w+8 && w&^63 == (w+7)&^63 {
			return w, true
		}
	}
	return 0, false
}
