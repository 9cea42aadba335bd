package redefine

import (
	"encoding/binary"
	"fmt"
	"strings"
)

// The amd64 trampoline: the replayed prologue behind Original, and the
// slow path that grows the stack for it.

// amd64Stub is the code Go appends to a function for stack growth:
// register spills, CALL runtime.morestack_noctxt, reloads, JMP entry.
type amd64Stub struct {
	start     uintptr // where the prologue branches to
	spills    []byte  // the instructions before the CALL
	postCall  uintptr // the instruction after the CALL
	morestack uintptr // runtime.morestack
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

func amd64Trampoline(fn []byte, entry, addr uintptr, plan *entryPlan, _ codeEnv) ([]byte, error) {
	replay := max(plan.replay, plan.cover)
	// The slow path goes after the replayed prologue and the jump back. A
	// relocated instruction is at most three times as long as the original
	// (a 2-byte Jcc rel8 becomes a 6-byte Jcc rel32).
	slow := addr + uintptr(replay*3+5)
	var out []byte
	for off := 0; off < replay; {
		in, _ := decodeX86(fn[off:])
		if in.isCall() {
			return nil, fmt.Errorf("the instruction at +%#x is a call, which cannot run from the trampoline", off)
		}
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
	back, err := amd64JumpRel32(addr+uintptr(len(out)), entry+uintptr(replay))
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
