package arm64insn

import "fmt"

// Package arm64insn encodes, decodes and relocates the arm64 PC-relative
// instructions Go emits.
// Bit layouts are from the Arm Architecture Reference Manual (Arm ARM),
// section C4.1 "A64 instruction set encoding" and C6.2 (per instruction).

// Kind classifies an instruction by how it refers to its PC.
type Kind int

const (
	Plain  Kind = iota // not PC-relative
	B                  // B imm26 (C6.2.26)
	BL                 // BL imm26 (C6.2.34)
	BCond              // B.cond imm19 (C6.2.27)
	CB                 // CBZ/CBNZ imm19 (C6.2.47, C6.2.46)
	TB                 // TBZ/TBNZ imm14 (C6.2.376, C6.2.375)
	ADR                // ADR immhi:immlo (C6.2.10)
	ADRP               // ADRP immhi:immlo, 4 KiB pages (C6.2.11)
	LDRLit             // LDR/LDRSW/PRFM (literal) imm19 (C6.2.167)
)

// Classify returns the kind of inst.
func Classify(inst uint32) Kind {
	if inst&(1<<28) == 0 { // every PC-relative form has bit 28 set
		return Plain
	}
	switch {
	case inst&0xfc000000 == 0x14000000:
		return B
	case inst&0xfc000000 == 0x94000000:
		return BL
	case inst&0xff000010 == 0x54000000:
		return BCond
	case inst&0x7e000000 == 0x34000000:
		return CB
	case inst&0x7e000000 == 0x36000000:
		return TB
	case inst&0x9f000000 == 0x10000000:
		return ADR
	case inst&0x9f000000 == 0x90000000:
		return ADRP
	case inst&0x3b000000 == 0x18000000:
		return LDRLit
	}
	return Plain
}

// signExtend treats the low bits of v as a signed number.
func signExtend(v uint32, bits uint) int64 {
	return int64(int32(v<<(32-bits)) >> (32 - bits))
}

// Target returns the address inst at pc refers to (ADRP: the page).
func Target(inst uint32, pc uintptr) uintptr {
	switch Classify(inst) {
	case B, BL:
		return uintptr(int64(pc) + signExtend(inst&0x3ffffff, 26)*4)
	case BCond, CB, LDRLit:
		return uintptr(int64(pc) + signExtend(inst>>5&0x7ffff, 19)*4)
	case TB:
		return uintptr(int64(pc) + signExtend(inst>>5&0x3fff, 14)*4)
	case ADR:
		return uintptr(int64(pc) + signExtend(adrImm(inst), 21))
	case ADRP:
		return uintptr(int64(pc&^0xfff) + signExtend(adrImm(inst), 21)<<12)
	}
	return 0
}

// adrImm extracts immhi:immlo of ADR/ADRP.
func adrImm(inst uint32) uint32 { return (inst>>5&0x7ffff)<<2 | inst>>29&3 }

// WithAdrImm replaces immhi:immlo of ADR/ADRP.
func WithAdrImm(inst uint32, imm uint32) uint32 {
	inst &^= 3<<29 | 0x7ffff<<5
	return inst | (imm&3)<<29 | (imm>>2&0x7ffff)<<5
}

// Retarget re-encodes a branch at pc so that it reaches target, keeping
// its kind, condition and registers.
func Retarget(inst uint32, pc, target uintptr) (uint32, error) {
	delta := int64(target) - int64(pc)
	if delta&3 != 0 {
		return 0, fmt.Errorf("misaligned branch target %#x", target)
	}
	words := delta >> 2
	switch Classify(inst) {
	case B, BL:
		if !fitsSigned(words, 26) {
			return 0, fmt.Errorf("branch from %#x to %#x is beyond ±128 MiB", pc, target)
		}
		return inst&0xfc000000 | uint32(words)&0x3ffffff, nil
	case BCond, CB, LDRLit:
		if !fitsSigned(words, 19) {
			return 0, fmt.Errorf("branch from %#x to %#x is beyond ±1 MiB", pc, target)
		}
		return inst&^(0x7ffff<<5) | (uint32(words)&0x7ffff)<<5, nil
	case TB:
		if !fitsSigned(words, 14) {
			return 0, fmt.Errorf("branch from %#x to %#x is beyond ±32 KiB", pc, target)
		}
		return inst&^(0x3fff<<5) | (uint32(words)&0x3fff)<<5, nil
	}
	return 0, fmt.Errorf("instruction %#08x is not a branch", inst)
}

// EncodeB encodes B from pc to target.
func EncodeB(pc, target uintptr) (uint32, error) {
	return Retarget(0x14000000, pc, target)
}

// EncodeADRP encodes ADRP rd, page(target) at pc.
func EncodeADRP(rd uint32, pc, target uintptr) (uint32, error) {
	pages := int64(target>>12) - int64(pc>>12)
	if !fitsSigned(pages, 21) {
		return 0, fmt.Errorf("page of %#x is beyond ±4 GiB of %#x", target, pc)
	}
	return WithAdrImm(0x90000000|rd, uint32(pages)), nil
}

// Fixed encodings used by the relocator.
func AddImm(rd, rn, imm12 uint32) uint32 { return 0x91000000 | imm12<<10 | rn<<5 | rd }

// Relocate returns instructions that, placed at newPC, do what inst did
// at oldPC. Most instructions are copied; PC-relative ones are re-encoded,
// or expanded when their reach is too short for the distance moved.
func Relocate(inst uint32, oldPC, newPC uintptr) ([]uint32, error) {
	kind := Classify(inst)
	target := Target(inst, oldPC)
	switch kind {
	case Plain:
		return []uint32{inst}, nil
	case ADRP:
		rd := inst & 31
		nw, err := EncodeADRP(rd, newPC, target)
		return []uint32{nw}, err
	case ADR:
		rd := inst & 31
		adrp, err := EncodeADRP(rd, newPC, target)
		if err != nil {
			return nil, err
		}
		return []uint32{adrp, AddImm(rd, rd, uint32(target&0xfff))}, nil
	case LDRLit:
		// ADRP Xt, page; ADD Xt, Xt, #lo; LDR Xt|Wt|LDRSW Xt, [Xt].
		// Only the general-register forms can use Xt as the address.
		rt, opc, simd := inst&31, inst>>30, inst>>26&1
		if simd == 1 || opc == 3 {
			return nil, fmt.Errorf("cannot relocate literal load %#08x", inst)
		}
		load := [...]uint32{0xb9400000, 0xf9400000, 0xb9800000}[opc] // LDR Wt, LDR Xt, LDRSW Xt
		adrp, err := EncodeADRP(rt, newPC, target)
		if err != nil {
			return nil, err
		}
		return []uint32{adrp, AddImm(rt, rt, uint32(target&0xfff)), load | rt<<5 | rt}, nil
	case B, BL:
		nw, err := Retarget(inst, newPC, target)
		return []uint32{nw}, err
	}
	// B.cond, CB(N)Z, TB(N)Z: keep the test, jump over a far B.
	//	  inst  → +8          (taken: to the B below)
	//	  B     → +8          (not taken: continue after the sequence)
	//	  B     → target
	skip, _ := Retarget(inst, 0, 8)
	far, err := EncodeB(newPC+8, target)
	if err != nil {
		return nil, err
	}
	return []uint32{skip, 0x14000002, far}, nil
}

// fitsSigned reports whether v fits in a signed field of the given bits.
func fitsSigned(v int64, bits uint) bool {
	lim := int64(1) << (bits - 1)
	return v >= -lim && v < lim
}
