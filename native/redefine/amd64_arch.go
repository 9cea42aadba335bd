package redefine

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"strings"
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
// the original after stack growth" (see amd64SlowPath).
//
//	MOVQ $tramp, R12   49 BC imm64
//	CMPQ DX, R12       4C 39 E2
//	JEQ  tramp         0F 84 rel32
//	MOVQ $slot, DX     48 BA imm64
//	MOVQ (DX), DX      48 8B 12
//	JMP  (DX)          FF 22
func amd64Thunk(addr, slot, tramp uintptr) []byte {
	b := []byte{0x49, 0xbc}
	b = binary.LittleEndian.AppendUint64(b, uint64(tramp))
	b = append(b, 0x4c, 0x39, 0xe2, 0x0f, 0x84)
	b = binary.LittleEndian.AppendUint32(b, uint32(int32(int64(tramp)-int64(addr+uintptr(len(b))+4))))
	b = append(b, 0x48, 0xba)
	b = binary.LittleEndian.AppendUint64(b, uint64(slot))
	return append(b, 0x48, 0x8b, 0x12, 0xff, 0x22)
}

// amd64Plan is what the engine learns from a function before patching it.
type amd64Plan struct {
	// cover is how many bytes, from the entry, the trampoline replays: at
	// least the 5 the patch overwrites, and the whole stack-check prologue.
	cover int
	// stub is the stack-growth path the prologue branches to, if any.
	stub *amd64Stub
}

// amd64Stub is the code Go appends to a function for stack growth:
// register spills, CALL runtime.morestack_noctxt, reloads, JMP entry.
type amd64Stub struct {
	start     uintptr // where the prologue branches to
	spills    []byte  // the instructions before the CALL
	postCall  uintptr // the instruction after the CALL
	morestack uintptr // runtime.morestack
}

// amd64Analyze decodes the start of fn: the bytes the patch overlaps, and
// the stack check that Go's prologue begins with (CMPQ SP, 16(R14); JLS
// stub, or a LEAQ variant for big frames).
func amd64Analyze(fn []byte, entry uintptr, env codeEnv) (*amd64Plan, error) {
	plan := &amd64Plan{}
	off := 0
	for i := 0; off < len(fn) && i < 6; i++ {
		in, err := decodeX86(fn[off:])
		if err != nil {
			if off < amd64EntryPatchLen {
				return nil, fmt.Errorf("decoding +%#x: %w", off, err)
			}
			break
		}
		off += in.len
		if off >= amd64EntryPatchLen && plan.cover == 0 {
			plan.cover = off
		}
		isJcc := in.relSize != 0 && (in.opMap == 0 && in.op >= 0x70 && in.op <= 0x7f || in.opMap == 1)
		if !isJcc {
			continue
		}
		target := amd64BranchTarget(in, fn[off-in.len:off], entry+uintptr(off-in.len))
		if stub, err := amd64FindStub(fn, entry, target, env); err == nil {
			plan.stub, plan.cover = stub, max(plan.cover, off)
		}
	}
	if plan.cover == 0 {
		return nil, fmt.Errorf("function shorter than the %d-byte patch", amd64EntryPatchLen)
	}
	return plan, nil
}

// amd64FindStub reads the stack-growth stub at start, if that is one.
func amd64FindStub(fn []byte, entry, start uintptr, env codeEnv) (*amd64Stub, error) {
	if start <= entry || start >= entry+uintptr(len(fn)) {
		return nil, fmt.Errorf("not inside the function")
	}
	off := int(start - entry)
	stub := &amd64Stub{start: start}
	for n := 0; n < 24 && off < len(fn); n++ {
		in, err := decodeX86(fn[off:])
		if err != nil {
			return nil, err
		}
		b := fn[off : off+in.len]
		if in.opMap == 0 && in.op == 0xe8 {
			name, noctxt, code, ok := env.funcAt(amd64BranchTarget(in, b, entry+uintptr(off)))
			if !ok {
				return nil, fmt.Errorf("call to unknown code")
			}
			switch strings.TrimSuffix(name, ".abi0") {
			case "runtime.morestack":
				stub.morestack = noctxt
			case "runtime.morestack_noctxt":
				// MOVL $0, DX; JMP runtime.morestack
				if len(code) < 10 || code[0] != 0xba || code[5] != 0xe9 {
					return nil, fmt.Errorf("unexpected runtime.morestack_noctxt")
				}
				in2, _ := decodeX86(code[5:])
				stub.morestack = amd64BranchTarget(in2, code[5:], noctxt+5)
				if name, _, _, ok := env.funcAt(stub.morestack); !ok || strings.TrimSuffix(name, ".abi0") != "runtime.morestack" {
					return nil, fmt.Errorf("runtime.morestack_noctxt does not jump to runtime.morestack")
				}
			default:
				return nil, fmt.Errorf("calls %s, not runtime.morestack", name)
			}
			stub.postCall = entry + uintptr(off+in.len)
			return stub, nil
		}
		if in.relSize != 0 || in.ripOff != 0 {
			return nil, fmt.Errorf("unexpected instruction % x in a stack-growth stub", b)
		}
		stub.spills = append(stub.spills, b...)
		off += in.len
	}
	return nil, fmt.Errorf("no call to runtime.morestack")
}

func amd64Trampoline(fn []byte, entry, addr uintptr, env codeEnv) ([]byte, error) {
	plan, err := amd64Analyze(fn, entry, env)
	if err != nil {
		return nil, err
	}
	// The slow path goes after the replayed prologue and the jump back. A
	// relocated instruction is at most three times as long as the original
	// (a 2-byte Jcc rel8 becomes a 6-byte Jcc rel32).
	slow := addr + uintptr(plan.cover*3+5)
	var out []byte
	for off := 0; off < plan.cover; {
		in, _ := decodeX86(fn[off:])
		pc, at := entry+uintptr(off), addr+uintptr(len(out))
		b, target, err := amd64Relocate(in, fn[off:off+in.len], pc, at)
		if err != nil {
			return nil, fmt.Errorf("relocating +%#x: %w", off, err)
		}
		switch {
		case plan.stub != nil && target == plan.stub.start:
			// Stack growth from the trampoline takes the slow path.
			if b, err = amd64JccTo(in, at, slow); err != nil {
				return nil, err
			}
		case target > entry && target < entry+uintptr(plan.cover):
			return nil, fmt.Errorf("the instruction at +%#x branches into the first %d bytes, which the patch replaces", off, plan.cover)
		}
		out = append(out, b...)
		off += in.len
	}
	back, err := amd64JumpRel32(addr+uintptr(len(out)), entry+uintptr(plan.cover))
	if err != nil {
		return nil, err
	}
	out = append(out, back...)
	if plan.stub == nil {
		return out, nil
	}
	for addr+uintptr(len(out)) < slow {
		out = append(out, 0xcc)
	}
	return append(out, amd64SlowPath(plan.stub, addr)...), nil
}

// amd64JccTo encodes the conditional jump in as a Jcc rel32 at pc to dest.
func amd64JccTo(in x86Inst, pc, dest uintptr) ([]byte, error) {
	cc := in.op & 0x0f
	b := []byte{0x0f, 0x80 | cc, 0, 0, 0, 0}
	rel := int64(dest) - int64(pc+6)
	if !fitsSigned(rel, 32) {
		return nil, fmt.Errorf("branch out of rel32 range")
	}
	binary.LittleEndian.PutUint32(b[2:], uint32(int32(rel)))
	return b, nil
}

// amd64SlowPath grows the stack for a call of the original that arrived
// through the trampoline. It does what the function's own stub does, but
// resumes the trampoline afterwards instead of the (patched) entry:
//
//	<the stub's register spills>
//	MOVQ $tramp, DX          the marker the thunk recognises
//	MOVQ $postCall, R12      a return address inside the function itself,
//	PUSHQ R12                  as if its stub had called morestack
//	MOVQ $morestack, R12
//	JMP  R12
//
// runtime.morestack records the function by that return address (so stack
// copying and GC use its own frame and argument maps), keeps DX across the
// growth, and resumes at postCall: the stub reloads the registers and jumps
// to the entry, whose thunk sees the marker in DX and enters the trampoline
// again, now with enough stack.
func amd64SlowPath(stub *amd64Stub, tramp uintptr) []byte {
	b := append([]byte(nil), stub.spills...)
	b = append(b, 0x48, 0xba)
	b = binary.LittleEndian.AppendUint64(b, uint64(tramp))
	b = append(b, 0x49, 0xbc)
	b = binary.LittleEndian.AppendUint64(b, uint64(stub.postCall))
	b = append(b, 0x41, 0x54, 0x49, 0xbc)
	b = binary.LittleEndian.AppendUint64(b, uint64(stub.morestack))
	return append(b, 0x41, 0xff, 0xe4)
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

// The stub's own jump back to the entry is left alone: it reaches the thunk,
// which resumes the trampoline when the slow path marked DX, and runs the
// replacement for a call that was in the prologue when the patch landed.
func amd64EntryBranches(fn, prev []byte, entry, dest uintptr, env codeEnv) ([]codeEdit, error) {
	plan, err := amd64Analyze(fn, entry, env)
	if err != nil {
		return nil, err
	}
	cover := plan.cover
	isl := amd64Islands{dest: dest}
	var retargets []codeEdit
	lastReal := cover
	for off := cover; off < len(fn); {
		in, err := decodeX86(fn[off:])
		if err != nil {
			return nil, fmt.Errorf("decoding +%#x: %w", off, err)
		}
		if fn[off] != 0xcc {
			lastReal = off + in.len
		}
		b := fn[off : off+in.len]
		pc := entry + uintptr(off)
		isJump := in.relSize != 0 && in.op != 0xe8 // a CALL of itself is recursion: it should see the patch
		inStub := plan.stub != nil && pc >= plan.stub.start
		if isJump {
			target := amd64BranchTarget(in, b, pc)
			switch {
			case target == entry && inStub:
			case target == entry:
				e, err := amd64Retarget(in, fn[off:], pc, dest)
				if err != nil && in.relSize == 1 {
					isl.pending = append(isl.pending, amd64ShortJump{in, b, pc})
					break
				}
				if err != nil {
					return nil, fmt.Errorf("the jump at +%#x back to the entry: %w", off, err)
				}
				retargets = append(retargets, e)
			case target > entry && target < entry+uintptr(cover):
				return nil, fmt.Errorf("the jump at +%#x lands inside the first %d bytes, which the patch replaces", off, cover)
			}
		}
		off += in.len
	}
	if len(isl.pending) == 0 {
		return retargets, nil
	}
	// Short jumps back to the entry that cannot grow in place go through an
	// island: a JMP rel32 to dest placed in alignment padding within reach,
	// after this function's code or before its entry.
	isl.addSpan(entry+uintptr(lastReal), len(fn)-lastReal)
	if n := amd64TailPadding(prev); n > 0 {
		isl.addSpan(entry-uintptr(n), n)
	}
	edits, err := isl.place()
	if err != nil {
		return nil, err
	}
	return append(edits, retargets...), nil
}

// amd64ShortJump is a JMP/Jcc rel8 that needs an island.
type amd64ShortJump struct {
	in x86Inst
	b  []byte
	pc uintptr
}

// amd64Islands places islands in padding spans.
type amd64Islands struct {
	dest    uintptr
	pending []amd64ShortJump
	spans   []struct {
		addr uintptr
		n    int
	}
	placed []uintptr
}

func (isl *amd64Islands) addSpan(addr uintptr, n int) {
	if n >= 5 {
		isl.spans = append(isl.spans, struct {
			addr uintptr
			n    int
		}{addr, n})
	}
}

// place returns the island writes followed by the retargeted short jumps.
func (isl *amd64Islands) place() ([]codeEdit, error) {
	var islands, jumps []codeEdit
	reach := func(j amd64ShortJump, a uintptr) bool {
		return fitsSigned(int64(a)-int64(j.pc+uintptr(j.in.len)), 8)
	}
	for _, j := range isl.pending {
		at := uintptr(0)
		for _, a := range isl.placed {
			if reach(j, a) {
				at = a
			}
		}
		for i := 0; at == 0 && i < len(isl.spans); i++ {
			sp := &isl.spans[i]
			if sp.n >= 5 && reach(j, sp.addr) {
				at = sp.addr
				jmp, err := amd64JumpRel32(at, isl.dest)
				if err != nil {
					return nil, err
				}
				islands = append(islands, codeEdit{addr: at, old: bytes.Repeat([]byte{0xcc}, 5), new: jmp})
				isl.placed = append(isl.placed, at)
				sp.addr, sp.n = sp.addr+5, sp.n-5
			}
		}
		if at == 0 {
			return nil, fmt.Errorf("the short jump at %#x back to the entry has no padding within reach to redirect it through", j.pc)
		}
		nb := append([]byte(nil), j.b...)
		nb[j.in.relOff] = byte(int8(int64(at) - int64(j.pc+uintptr(j.in.len))))
		jumps = append(jumps, codeEdit{addr: j.pc, old: append([]byte(nil), j.b...), new: nb})
	}
	return append(islands, jumps...), nil
}

// amd64TailPadding returns how many INT3 padding bytes end fn, counting
// only those after its last real instruction.
func amd64TailPadding(fn []byte) int {
	lastReal := 0
	for off := 0; off < len(fn); {
		in, err := decodeX86(fn[off:])
		if err != nil {
			return 0
		}
		if fn[off] != 0xcc {
			lastReal = off + in.len
		}
		off += in.len
	}
	return len(fn) - lastReal
}

// amd64Retarget rewrites the jump at the start of rest (at pc) to reach
// dest. A short jump grows into the INT3 padding that follows it, if there
// is room: it is then the last instruction of the function.
func amd64Retarget(in x86Inst, rest []byte, pc, dest uintptr) (codeEdit, error) {
	b := rest[:in.len]
	if in.relSize == 4 {
		rel := int64(dest) - int64(pc+uintptr(in.len))
		if !fitsSigned(rel, 32) {
			return codeEdit{}, fmt.Errorf("new target out of rel32 range")
		}
		nb := append([]byte(nil), b...)
		binary.LittleEndian.PutUint32(nb[in.relOff:], uint32(int32(rel)))
		return codeEdit{addr: pc, old: append([]byte(nil), b...), new: nb}, nil
	}
	var nb []byte
	switch {
	case in.op == 0xeb:
		nb, _ = amd64JumpRel32(pc, dest)
	case in.op >= 0x70 && in.op <= 0x7f:
		nb = []byte{0x0f, 0x80 | in.op&0x0f, 0, 0, 0, 0}
		binary.LittleEndian.PutUint32(nb[2:], uint32(int32(int64(dest)-int64(pc+6))))
	default:
		return codeEdit{}, fmt.Errorf("cannot re-encode % x", b)
	}
	if len(nb) > len(rest) {
		return codeEdit{}, fmt.Errorf("a short jump with no room to grow")
	}
	for _, p := range rest[in.len:len(nb)] {
		if p != 0xcc {
			return codeEdit{}, fmt.Errorf("a short jump with no room to grow")
		}
	}
	return codeEdit{addr: pc, old: append([]byte(nil), rest[:len(nb)]...), new: nb}, nil
}
