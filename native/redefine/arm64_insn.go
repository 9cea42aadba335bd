package redefine

import "fmt"

// Encoding and relocation of the arm64 PC-relative instructions Go emits.
// Bit layouts are from the Arm Architecture Reference Manual (Arm ARM),
// section C4.1 "A64 instruction set encoding" and C6.2 (per instruction).

// arm64Kind classifies an instruction by how it refers to its PC.
type arm64Kind int

const (
	arm64Plain  arm64Kind = iota // not PC-relative
	arm64B                       // B imm26 (C6.2.26)
	arm64BL                      // BL imm26 (C6.2.34)
	arm64BCond                   // B.cond imm19 (C6.2.27)
	arm64CB                      // CBZ/CBNZ imm19 (C6.2.47, C6.2.46)
	arm64TB                      // TBZ/TBNZ imm14 (C6.2.376, C6.2.375)
	arm64ADR                     // ADR immhi:immlo (C6.2.10)
	arm64ADRP                    // ADRP immhi:immlo, 4 KiB pages (C6.2.11)
	arm64LDRLit                  // LDR/LDRSW/PRFM (literal) imm19 (C6.2.167)
)

// arm64Classify returns the kind of inst.
func arm64Classify(inst uint32) arm64Kind {
	switch {
	case inst&0xfc000000 == 0x14000000:
		return arm64B
	case inst&0xfc000000 == 0x94000000:
		return arm64BL
	case inst&0xff000010 == 0x54000000:
		return arm64BCond
	case inst&0x7e000000 == 0x34000000:
		return arm64CB
	case inst&0x7e000000 == 0x36000000:
		return arm64TB
	case inst&0x9f000000 == 0x10000000:
		return arm64ADR
	case inst&0x9f000000 == 0x90000000:
		return arm64ADRP
	case inst&0x3b000000 == 0x18000000:
		return arm64LDRLit
	}
	return arm64Plain
}

// signExtend treats the low bits of v as a signed number.
func signExtend(v uint32, bits uint) int64 {
	return int64(int32(v<<(32-bits)) >> (32 - bits))
}

// arm64Target returns the address inst at pc refers to (ADRP: the page).
func arm64Target(inst uint32, pc uintptr) uintptr {
	switch arm64Classify(inst) {
	case arm64B, arm64BL:
		return uintptr(int64(pc) + signExtend(inst&0x3ffffff, 26)*4)
	case arm64BCond, arm64CB, arm64LDRLit:
		return uintptr(int64(pc) + signExtend(inst>>5&0x7ffff, 19)*4)
	case arm64TB:
		return uintptr(int64(pc) + signExtend(inst>>5&0x3fff, 14)*4)
	case arm64ADR:
		return uintptr(int64(pc) + signExtend(adrImm(inst), 21))
	case arm64ADRP:
		return uintptr(int64(pc&^0xfff) + signExtend(adrImm(inst), 21)<<12)
	}
	return 0
}

// adrImm extracts immhi:immlo of ADR/ADRP.
func adrImm(inst uint32) uint32 { return (inst>>5&0x7ffff)<<2 | inst>>29&3 }

// withAdrImm replaces immhi:immlo of ADR/ADRP.
func withAdrImm(inst uint32, imm uint32) uint32 {
	inst &^= 3<<29 | 0x7ffff<<5
	return inst | (imm&3)<<29 | (imm>>2&0x7ffff)<<5
}

// arm64Retarget re-encodes a branch at pc so that it reaches target, keeping
// its kind, condition and registers.
func arm64Retarget(inst uint32, pc, target uintptr) (uint32, error) {
	delta := int64(target) - int64(pc)
	if delta&3 != 0 {
		return 0, fmt.Errorf("misaligned branch target %#x", target)
	}
	words := delta >> 2
	switch arm64Classify(inst) {
	case arm64B, arm64BL:
		if !fitsSigned(words, 26) {
			return 0, fmt.Errorf("branch from %#x to %#x is beyond ±128 MiB", pc, target)
		}
		return inst&0xfc000000 | uint32(words)&0x3ffffff, nil
	case arm64BCond, arm64CB, arm64LDRLit:
		if !fitsSigned(words, 19) {
			return 0, fmt.Errorf("branch from %#x to %#x is beyond ±1 MiB", pc, target)
		}
		return inst&^(0x7ffff<<5) | (uint32(words)&0x7ffff)<<5, nil
	case arm64TB:
		if !fitsSigned(words, 14) {
			return 0, fmt.Errorf("branch from %#x to %#x is beyond ±32 KiB", pc, target)
		}
		return inst&^(0x3fff<<5) | (uint32(words)&0x3fff)<<5, nil
	}
	return 0, fmt.Errorf("instruction %#08x is not a branch", inst)
}

// arm64EncodeB encodes B from pc to target.
func arm64EncodeB(pc, target uintptr) (uint32, error) {
	return arm64Retarget(0x14000000, pc, target)
}

// arm64EncodeADRP encodes ADRP rd, page(target) at pc.
func arm64EncodeADRP(rd uint32, pc, target uintptr) (uint32, error) {
	pages := int64(target>>12) - int64(pc>>12)
	if !fitsSigned(pages, 21) {
		return 0, fmt.Errorf("page of %#x is beyond ±4 GiB of %#x", target, pc)
	}
	return withAdrImm(0x90000000|rd, uint32(pages)), nil
}

// Fixed encodings used by the relocator.
func arm64AddImm(rd, rn, imm12 uint32) uint32 { return 0x91000000 | imm12<<10 | rn<<5 | rd }

// arm64Relocate returns instructions that, placed at newPC, do what inst did
// at oldPC. Most instructions are copied; PC-relative ones are re-encoded,
// or expanded when their reach is too short for the distance moved.
func arm64Relocate(inst uint32, oldPC, newPC uintptr) ([]uint32, error) {
	kind := arm64Classify(inst)
	target := arm64Target(inst, oldPC)
	switch kind {
	case arm64Plain:
		return []uint32{inst}, nil
	case arm64ADRP:
		rd := inst & 31
		nw, err := arm64EncodeADRP(rd, newPC, target)
		return []uint32{nw}, err
	case arm64ADR:
		rd := inst & 31
		adrp, err := arm64EncodeADRP(rd, newPC, target)
		if err != nil {
			return nil, err
		}
		return []uint32{adrp, arm64AddImm(rd, rd, uint32(target&0xfff))}, nil
	case arm64LDRLit:
		// ADRP Xt, page; ADD Xt, Xt, #lo; LDR Xt|Wt|LDRSW Xt, [Xt].
		// Only the general-register forms can use Xt as the address.
		rt, opc, simd := inst&31, inst>>30, inst>>26&1
		if simd == 1 || opc == 3 {
			return nil, fmt.Errorf("cannot relocate literal load %#08x", inst)
		}
		load := [...]uint32{0xb9400000, 0xf9400000, 0xb9800000}[opc] // LDR Wt, LDR Xt, LDRSW Xt
		adrp, err := arm64EncodeADRP(rt, newPC, target)
		if err != nil {
			return nil, err
		}
		return []uint32{adrp, arm64AddImm(rt, rt, uint32(target&0xfff)), load | rt<<5 | rt}, nil
	case arm64B, arm64BL:
		nw, err := arm64Retarget(inst, newPC, target)
		return []uint32{nw}, err
	}
	// B.cond, CB(N)Z, TB(N)Z: keep the test, jump over a far B.
	//	  inst  → +8          (taken: to the B below)
	//	  B     → +8          (not taken: continue after the sequence)
	//	  B     → target
	skip, _ := arm64Retarget(inst, 0, 8)
	far, err := arm64EncodeB(newPC+8, target)
	if err != nil {
		return nil, err
	}
	return []uint32{skip, 0x14000002, far}, nil
}
