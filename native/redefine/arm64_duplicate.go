package redefine

import (
	"encoding/binary"
	"fmt"
	"unsafe"

	"goredefine.dev/redefine/internal/arm64insn"
)

// Relocation of a copy of the text (the duplicate strategy). The whole text
// moves by one offset, so a PC-relative reference from the text to the text
// (calls, branches, literal pools, ADRP of a function's address) keeps its
// encoding and reaches the copy; a reference to data must be re-encoded to
// reach the same absolute address (Arm ARM C6.2.11 ADRP).

// textRange is the program's code: [start, end), both page-aligned, as
// copied; [module, moduleEnd) is everything a reference may legitimately
// address (text, read-only data, data, bss).
type textRange struct {
	start, end        uintptr
	module, moduleEnd uintptr
}

func (r textRange) inText(a uintptr) bool   { return a >= r.start && a < r.end }
func (r textRange) inModule(a uintptr) bool { return a >= r.module && a < r.moduleEnd }

// arm64RelocateCopy rewrites, in dst (a copy of the code at r.start), every
// instruction that addresses data so that it works at r.start+offset. It
// returns how many instructions it changed. An instruction whose reach is
// too short for the distance moved fails the whole relocation: the caller
// then throws the copy away, before anything runs from it.
//
// Go's assembler keeps large constants in literal pools inside the text,
// and a constant may look like an instruction. Only an LDR (literal) reads a
// pool, so the words those loads read are data: the one pass over the text
// collects them as it goes, and changes made to them are undone at the end.
func arm64RelocateCopy(dst []byte, r textRange, offset uintptr) (int, error) {
	type change struct {
		off int
		old uint32
	}
	var changes []change
	var failures []change  // instructions out of reach, unless they are data
	pool := map[int]bool{} // offsets of words read by literal loads
	// The text is read as words in place (arm64 is little-endian, like the
	// encoding): this loop runs over every instruction of the program.
	ws := unsafe.Slice((*uint32)(unsafe.Pointer(unsafe.SliceData(dst))), len(dst)/4)
	for w, inst := range ws {
		if inst&(1<<28) == 0 { // the quick test of arm64insn.Classify, without a call
			continue
		}
		kind := arm64insn.Classify(inst)
		if kind == arm64insn.Plain {
			continue
		}
		off := 4 * w
		pc := r.start + uintptr(off)
		target := arm64insn.Target(inst, pc)
		if kind == arm64insn.LDRLit && r.inText(target) {
			for i := 0; i < literalSize(inst); i += 4 {
				pool[int(target-r.start)+i] = true
			}
		}
		if r.inText(target) || !r.inModule(target) {
			// Into the text: the encoding already reaches the copy. Outside
			// the module: not an instruction Go emits, so a data word.
			continue
		}
		var nw uint32
		var err error
		switch kind {
		case arm64insn.ADRP:
			nw, err = arm64insn.EncodeADRP(inst&31, pc+offset, target)
		case arm64insn.ADR, arm64insn.LDRLit:
			err = errOutOfReach
		default:
			nw, err = arm64insn.Retarget(inst, pc+offset, target)
		}
		if err != nil {
			failures = append(failures, change{off, inst})
			continue
		}
		ws[w] = nw
		changes = append(changes, change{off, inst})
	}
	for _, f := range failures {
		if !pool[f.off] {
			pc := r.start + uintptr(f.off)
			return 0, fmt.Errorf("relocating the text copy: %#08x at %#x addresses %#x, out of reach from the copy", f.old, pc, arm64insn.Target(f.old, pc))
		}
	}
	n := len(changes)
	for _, c := range changes {
		if pool[c.off] {
			binary.LittleEndian.PutUint32(dst[c.off:], c.old)
			n--
		}
	}
	return n, nil
}

var errOutOfReach = fmt.Errorf("out of reach")

// literalSize is how many bytes an LDR (literal) reads: W, X, SW or, for
// the SIMD forms, S, D, Q.
func literalSize(inst uint32) int {
	if inst>>26&1 == 1 {
		return [...]int{4, 8, 16, 4}[inst>>30]
	}
	return [...]int{4, 8, 4, 4}[inst>>30]
}
