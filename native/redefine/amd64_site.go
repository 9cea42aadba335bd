package redefine

import (
	"bytes"
	"fmt"
)

// Where the branch to the thunk goes on amd64.
//
// A thread can be stopped at any instruction boundary of a function: by the
// operating system, or by a signal, between the prologue's first two
// instructions. Writing a 5-byte JMP over two instructions would send a
// thread stopped between them into the middle of the JMP (seen in stress
// tests: SIGSEGV at entry+4). So the branch replaces exactly one
// instruction, the site, and the write changes no other instruction's
// first byte:
//
//   - a site of 5 bytes or more gets a JMP rel32 to the thunk;
//   - a shorter one (2 to 4 bytes) gets a JMP rel8 to a relay: a JMP rel32
//     to the thunk placed in INT3 padding after some function's last
//     instruction within 128 bytes, where no thread ever is.
//
// The site is the first instruction that fits, after a prologue of
// instructions that are safe to have run before the thunk: the stack check
// (which only reads and sets flags and R12), and the frame set-up of
// functions without one (PUSHQ BP; MOVQ SP, BP; SUBQ $n, SP), which the
// thunk undoes before anything else runs. Both the site and its relay are
// written with one atomic store each (amd64AtomicWindow); the relay first,
// while nothing reaches it, and it is never removed.

// amd64MaxPrologue bounds how many instructions are examined for a site.
const amd64MaxPrologue = 8

func amd64PlanFor(fn []byte, entry uintptr, env codeEnv) (*entryPlan, error) {
	if len(fn) < 5 {
		return nil, fmt.Errorf("the function is %d bytes long, shorter than a 5-byte jump", len(fn))
	}
	plan := &entryPlan{}
	insts, err := amd64DecodePrologue(fn)
	if err != nil {
		return nil, err
	}
	// The stack check's branches to the stack-growth stub: the trampoline
	// must replay them, so that Original grows the stack through its own
	// slow path (amd64SlowPath) instead of the patched entry.
	stackCheckEnd := 0
	for _, in := range insts {
		if !in.isJcc() {
			continue
		}
		target := amd64BranchTarget(in.x86Inst, fn[in.off:in.off+in.len], entry+uintptr(in.off))
		if stub, err := amd64FindStub(fn, entry, target, env); err == nil {
			plan.stub, stackCheckEnd = stub, in.off+in.len
		}
	}
	lastReal := amd64LastReal(fn)
	var undo []byte
	type candidate struct {
		in   amd64PrologueInst
		undo []byte
	}
	var short []candidate
	found := false
	for _, in := range insts {
		room := in.len
		if in.off+in.len == lastReal {
			room = len(fn) - in.off // the padding after the last instruction
		}
		if room >= 5 && amd64WritableAt(entry+uintptr(in.off), 5) {
			plan.site, plan.siteLen, plan.undo = in.off, room, undo
			found = true
			break
		}
		if in.len >= 2 && amd64WritableAt(entry+uintptr(in.off), 2) {
			short = append(short, candidate{in, undo})
		}
		u, ok := amd64PrologueUndo(in, fn, plan.stub, entry, undo)
		if !ok {
			break
		}
		undo = u
	}
	for i := 0; !found && i < len(short); i++ {
		c := short[i]
		from := entry + uintptr(c.in.off) + 2 // rel8 counts from the end of the JMP
		if relay := env.claimPadding(from-128, from+127, 5); relay != 0 {
			plan.site, plan.siteLen, plan.undo, plan.relay = c.in.off, c.in.len, c.undo, relay
			found = true
		}
	}
	if !found {
		return nil, fmt.Errorf("no instruction near the entry can take a jump without a thread possibly resuming inside it (the first ones are too short, and there is no padding within 128 bytes for a relay)")
	}
	siteEnd := plan.site + 5
	if plan.relay != 0 {
		siteEnd = plan.site + plan.siteLen
	}
	plan.cover = max(stackCheckEnd, siteEnd)
	// The trampoline replays whole instructions.
	for _, in := range insts {
		if in.off < plan.cover && in.off+in.len > plan.cover {
			plan.cover = in.off + in.len
		}
	}
	if plan.cover > len(fn) {
		plan.cover = len(fn)
	}
	return plan, nil
}

// amd64PrologueInst is one decoded instruction at offset off.
type amd64PrologueInst struct {
	x86Inst
	off int
}

func (in amd64PrologueInst) isJcc() bool {
	return in.relSize != 0 && (in.opMap == 0 && in.op >= 0x70 && in.op <= 0x7f || in.opMap == 1 && in.op >= 0x80 && in.op <= 0x8f)
}

// amd64DecodePrologue decodes the first instructions of fn.
func amd64DecodePrologue(fn []byte) ([]amd64PrologueInst, error) {
	var insts []amd64PrologueInst
	for off := 0; off < len(fn) && len(insts) < amd64MaxPrologue; {
		in, err := decodeX86(fn[off:])
		if err != nil {
			if off == 0 {
				return nil, fmt.Errorf("decoding the first instruction: %w", err)
			}
			break
		}
		insts = append(insts, amd64PrologueInst{in, off})
		off += in.len
	}
	return insts, nil
}

// amd64PrologueUndo reports whether the site may come after in, and the
// undo code needed then (undo so far, plus what undoes in, run first).
func amd64PrologueUndo(in amd64PrologueInst, fn []byte, stub *amd64Stub, entry uintptr, undo []byte) ([]byte, bool) {
	b := fn[in.off : in.off+in.len]
	pushed := bytes.HasSuffix(undo, []byte{0x5d}) // the POPQ BP always runs last
	switch {
	case in.len == 4 && (b[0] == 0x49 || b[0] == 0x4d) && b[1] == 0x3b && b[2] == 0x66 && b[3] == 0x10:
		return undo, true // CMPQ SP or R12, 16(R14): the stack check reads the stack guard
	case in.isJcc():
		// A branch of the stack check to the stack-growth stub: a thread
		// that takes it comes back through the entry.
		target := amd64BranchTarget(in.x86Inst, b, entry+uintptr(in.off))
		return undo, stub != nil && target == stub.start
	case bytes.Equal(b, []byte{0x49, 0x89, 0xe4}): // MOVQ SP, R12
		return undo, true
	case in.len >= 5 && b[0] == 0x4c && b[1] == 0x8d && b[3] == 0x24 && (b[2] == 0x64 || b[2] == 0xa4): // LEAQ d(SP), R12
		return undo, true
	case (in.len == 4 || in.len == 7) && b[0] == 0x49 && (b[1] == 0x83 || b[1] == 0x81) && b[2] == 0xec: // SUBQ $n, R12
		return undo, true
	case bytes.Equal(b, []byte{0x55}) && len(undo) == 0: // PUSHQ BP
		return []byte{0x5d}, true // POPQ BP
	case bytes.Equal(b, []byte{0x48, 0x89, 0xe5}) && pushed: // MOVQ SP, BP (restored by the POPQ BP)
		return undo, true
	case (in.len == 4 || in.len == 7) && b[0] == 0x48 && (b[1] == 0x83 || b[1] == 0x81) && b[2] == 0xec && pushed: // SUBQ $n, SP
		add := append([]byte{0x48, b[1], 0xc4}, b[3:]...) // ADDQ $n, SP
		return append(add, undo...), true
	}
	return undo, false
}

// amd64LastReal returns the end of fn's last instruction before the INT3
// padding that fills it up to the next function (len(fn) when it cannot
// tell).
func amd64LastReal(fn []byte) int {
	lastReal := 0
	for off := 0; off < len(fn); {
		in, err := decodeX86(fn[off:])
		if err != nil {
			return len(fn)
		}
		if fn[off] != 0xcc {
			lastReal = off + in.len
		}
		off += in.len
	}
	return lastReal
}

// amd64TailPadding returns how many INT3 padding bytes end fn.
func amd64TailPadding(fn []byte) int { return len(fn) - amd64LastReal(fn) }

// amd64WritableAt reports whether n bytes at addr can be written with one
// atomic store.
func amd64WritableAt(addr uintptr, n int) bool {
	_, ok := amd64AtomicWindow(addr, n)
	return ok
}
