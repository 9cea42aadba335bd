package redefine

import (
	"encoding/binary"
	"fmt"

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
func arm64RelocateCopy(dst []byte, r textRange, offset uintptr) (int, error) {
	data := arm64LiteralPoolWords(dst, r)
	changed := 0
	for off := 0; off+4 <= len(dst); off += 4 {
		if data[off/4] {
			continue
		}
		inst := binary.LittleEndian.Uint32(dst[off:])
		kind := arm64insn.Classify(inst)
		if kind == arm64insn.Plain {
			continue
		}
		pc := r.start + uintptr(off)
		target := arm64insn.Target(inst, pc)
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
			err = fmt.Errorf("%#08x at %#x addresses data at %#x, out of reach from the copy", inst, pc, target)
		default:
			nw, err = arm64insn.Retarget(inst, pc+offset, target)
		}
		if err != nil {
			return changed, fmt.Errorf("relocating the text copy: %w", err)
		}
		binary.LittleEndian.PutUint32(dst[off:], nw)
		changed++
	}
	return changed, nil
}

// arm64LiteralPoolWords marks the words that literal loads read: Go's
// assembler keeps large constants in pools inside the text, and a constant
// may look like an instruction. Only an LDR (literal) reads a pool.
func arm64LiteralPoolWords(code []byte, r textRange) []bool {
	data := make([]bool, len(code)/4)
	for off := 0; off+4 <= len(code); off += 4 {
		inst := binary.LittleEndian.Uint32(code[off:])
		if arm64insn.Classify(inst) != arm64insn.LDRLit {
			continue
		}
		target := arm64insn.Target(inst, r.start+uintptr(off))
		if !r.inText(target) {
			continue
		}
		size := [...]int{4, 8, 4, 16}[inst>>30] // LDR W / LDR X / LDRSW / (PRFM, or LDR Q when SIMD)
		if inst>>26&1 == 1 {
			size = [...]int{4, 8, 16, 0}[inst>>30]
		}
		for i := 0; i < size; i += 4 {
			if w := int(target-r.start)/4 + i/4; w < len(data) {
				data[w] = true
			}
		}
	}
	return data
}
