package redefine

import (
	"bytes"
	"fmt"
)

// Where the jump to the thunk goes on amd64, and where it may land.
//
// A thread can be stopped at any instruction boundary of a function: by the
// operating system, or by a signal, between the prologue's first two
// instructions. A 5-byte JMP written over instructions shorter than that
// would send a thread stopped between them into the middle of the JMP (seen
// in stress tests: SIGSEGV and wrong results). So the JMP at the entry is
// chosen to change no byte such a thread will execute: its displacement's
// bytes that lie past the first boundary a thread can be stopped at equal
// the bytes that were there. The thread then resumes in the original code,
// unchanged for it. Which displacements qualify is a codeWindow; the thunk
// (or a 5-byte landing pad that jumps on to it) is placed where the JMP
// then lands. For the usual prologue, CMPQ SP, 16(R14) (4 bytes) and a JBE
// rel8 (76 xx), only the top byte is fixed: the thunk goes 0x76xxxxxx bytes
// past the entry.
//
// When no such place can be mapped (a fixed displacement that is negative
// and would land below address zero, say), a site further on is tried: the
// first instruction of 5 bytes or more after a prologue that is safe to run
// before the thunk (the stack check, and the frame set-up of functions
// without one, which the thunk undoes first). No padding between functions
// is ever used: the runtime cannot unwind a PC there, and would crash a
// program whose thread a signal stopped on it.

// amd64MaxPrologue bounds how many instructions are examined for a site.
const amd64MaxPrologue = 8

func amd64PlanFor(fn []byte, entry uintptr, env codeEnv) ([]*entryPlan, error) {
	if len(fn) < 5 {
		return nil, fmt.Errorf("the function is %d bytes long, shorter than a 5-byte jump", len(fn))
	}
	insts, err := amd64DecodePrologue(fn)
	if err != nil {
		return nil, err
	}
	// The stack check's branches to the stack-growth stub: the trampoline
	// must replay them, so that Original grows the stack through its own
	// slow path (amd64SlowPath) instead of the patched entry.
	var stub *amd64Stub
	stackCheckEnd := 0
	for _, in := range insts {
		if !in.isJcc() {
			continue
		}
		target := amd64BranchTarget(in.x86Inst, fn[in.off:in.off+in.len], entry+uintptr(in.off))
		if s, err := amd64FindStub(fn, entry, target, env); err == nil {
			stub, stackCheckEnd = s, in.off+in.len
		}
	}
	lastReal := amd64LastReal(fn)
	coverFrom := func(siteEnd int) int {
		cover := max(stackCheckEnd, siteEnd)
		for _, in := range insts { // whole instructions
			if in.off < cover && in.off+in.len > cover {
				cover = in.off + in.len
			}
		}
		return min(cover, len(fn))
	}

	var plans []*entryPlan
	if !insts[0].isCall() {
		plans = append(plans, &entryPlan{site: 0, cover: coverFrom(5), stub: stub,
			window: amd64EntryWindow(fn, entry, insts, lastReal)})
	}
	var undo []byte
	for i := 1; i < len(insts); i++ {
		u, ok := amd64PrologueUndo(insts[i-1], fn, stub, entry, undo)
		in := insts[i]
		if !ok || in.isCall() {
			break
		}
		undo = u
		room := in.len
		if in.off+in.len == lastReal {
			room = len(fn) - in.off // the padding after the last instruction
		}
		if room >= 5 && amd64WritableAt(entry+uintptr(in.off), 5) {
			plans = append(plans, &entryPlan{site: in.off, cover: coverFrom(in.off + 5), undo: undo, stub: stub})
		}
	}
	if len(plans) == 0 {
		return nil, fmt.Errorf("it begins with a call, which the trampoline cannot replay")
	}
	for _, p := range plans {
		p.replay = amd64Replay(insts, p)
	}
	return plans, nil
}

// amd64Replay returns how far the trampoline of plan replays the function:
// past the 16-byte block that holds the end of the site's JMP when whole
// instructions that need no relocation take it there, else plan.cover.
// Returning into that block, right after a thread ran the JMP in it, cost
// 15 to 20 ns per call of the original on the machines measured here (the
// processor decodes the block again; BENCHMARKS.md, "Generic
// instantiations"); returning beyond it costs what the jumps do.
func amd64Replay(insts []amd64PrologueInst, plan *entryPlan) int {
	want := (plan.site+4)&^15 + 16
	replay := plan.cover
	for _, in := range insts {
		switch {
		case replay >= want:
			return replay
		case in.off < replay:
			continue
		case in.off > replay, in.isCall(), in.relSize != 0, in.ripOff != 0, in.vex,
			in.opMap == 0 && in.op == 0xff && (in.modrm>>3&7 == 4 || in.modrm>>3&7 == 5), // JMP r/m
			in.opMap == 0 && in.op == 0xcc: // INT3
			return plan.cover
		}
		replay = in.off + in.len
		if in.opMap == 0 && (in.op == 0xc3 || in.op == 0xc2) {
			return replay // RET: the trampoline returns by itself
		}
	}
	if replay >= want {
		return replay
	}
	return plan.cover
}

// amd64EntryWindow returns where a JMP rel32 at the entry may land without
// changing a byte that a thread stopped at a later instruction boundary
// would execute, or nil when it may land anywhere. Bytes past the function's
// last instruction are padding that nothing executes.
func amd64EntryWindow(fn []byte, entry uintptr, insts []amd64PrologueInst, lastReal int) *codeWindow {
	first := 5
	for _, in := range insts {
		if in.off > 0 && in.off < first {
			first = in.off
		}
	}
	end := min(5, lastReal)
	if first >= end {
		return nil
	}
	w := &codeWindow{from: entry + 5}
	for j := first; j < end; j++ { // JMP byte j is displacement byte j-1
		w.mask |= 0xff << (8 * (j - 1))
		w.val |= uint32(fn[j]) << (8 * (j - 1))
	}
	return w
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

// amd64PrologueUndo reports whether a site may come after in, and the
// undo code needed then: what undoes in, run first, then undo.
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

// amd64WritableAt reports whether n bytes at addr can be written with one
// atomic store.
func amd64WritableAt(addr uintptr, n int) bool {
	_, ok := amd64AtomicWindow(addr, n)
	return ok
}
