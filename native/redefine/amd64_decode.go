package redefine

import "fmt"

// An x86-64 instruction-length decoder, just deep enough for patching: it
// finds instruction boundaries, relative branches and RIP-relative operands.
// It builds on every host (prefix file name) so that it is tested everywhere.
// Opcode facts are from the Intel SDM, volume 2, appendix A (opcode maps).

// x86Inst describes one decoded instruction.
type x86Inst struct {
	len int
	// relOff/relSize locate a relative branch displacement (rel8 or rel32),
	// 0 when the instruction is not a relative branch.
	relOff, relSize int
	// ripOff locates the disp32 of a RIP-relative memory operand, or 0.
	ripOff int
	// op is the opcode byte (after prefixes and 0x0F), opMap the map:
	// 0 one-byte, 1 0x0F, 2 0x0F38, 3 0x0F3A.
	op    byte
	opMap int
	// modrm is the ModRM byte, when the instruction has one (hasModRM).
	modrm    byte
	hasModRM bool
	// rex is the REX prefix, 0 when there is none.
	rex byte
	// vex is set for VEX- and EVEX-encoded instructions.
	vex bool
}

// isCall reports a CALL: E8 rel32, or FF /2 and FF /3 (indirect).
func (in x86Inst) isCall() bool {
	return in.opMap == 0 && (in.op == 0xe8 || in.op == 0xff && (in.modrm>>3)&7 >= 2 && (in.modrm>>3)&7 <= 3)
}

// x86 operand-size and immediate classes of the one-byte map.
const (
	immNone = iota
	imm8
	imm16
	immZ   // 32 bits, 16 with an operand-size prefix
	immV   // immZ, but 64 bits with REX.W (MOV r64, imm64)
	immMem // moffs: 64-bit address (32 with an address-size prefix)
	imm16_8
	immGrp3 // F6/F7: an immediate only for TEST (ModRM.reg 0 or 1)
	invalid
)

// oneByte gives, for each one-byte opcode, whether a ModRM byte follows and
// which immediate.
var oneByte = func() (t [256]struct {
	modrm bool
	imm   uint8
}) {
	set := func(lo, hi int, modrm bool, imm uint8) {
		for i := lo; i <= hi; i++ {
			t[i].modrm, t[i].imm = modrm, imm
		}
	}
	for base := 0x00; base <= 0x38; base += 8 { // ALU ops: ADD OR ADC SBB AND SUB XOR CMP
		set(base, base+3, true, immNone)
		set(base+4, base+4, false, imm8)
		set(base+5, base+5, false, immZ)
	}
	for _, op := range []int{0x06, 0x07, 0x0e, 0x16, 0x17, 0x1e, 0x1f, 0x27, 0x2f, 0x37, 0x3f,
		0x60, 0x61, 0x62, 0x82, 0x9a, 0xc4, 0xc5, 0xce, 0xd4, 0xd5, 0xd6, 0xea} {
		t[op].imm = invalid
	}
	set(0x26, 0x26, false, invalid) // prefixes are consumed before the table is read
	set(0x50, 0x5f, false, immNone)
	set(0x63, 0x63, true, immNone)
	set(0x68, 0x68, false, immZ)
	set(0x69, 0x69, true, immZ)
	set(0x6a, 0x6a, false, imm8)
	set(0x6b, 0x6b, true, imm8)
	set(0x6c, 0x6f, false, immNone)
	set(0x70, 0x7f, false, imm8) // Jcc rel8
	set(0x80, 0x80, true, imm8)
	set(0x81, 0x81, true, immZ)
	set(0x83, 0x83, true, imm8)
	set(0x84, 0x8f, true, immNone)
	set(0x90, 0x99, false, immNone)
	set(0x9b, 0x9f, false, immNone)
	set(0xa0, 0xa3, false, immMem)
	set(0xa4, 0xa7, false, immNone)
	set(0xa8, 0xa8, false, imm8)
	set(0xa9, 0xa9, false, immZ)
	set(0xaa, 0xaf, false, immNone)
	set(0xb0, 0xb7, false, imm8)
	set(0xb8, 0xbf, false, immV)
	set(0xc0, 0xc1, true, imm8)
	set(0xc2, 0xc2, false, imm16)
	set(0xc3, 0xc3, false, immNone)
	set(0xc6, 0xc6, true, imm8)
	set(0xc7, 0xc7, true, immZ)
	set(0xc8, 0xc8, false, imm16_8)
	set(0xc9, 0xc9, false, immNone)
	set(0xca, 0xca, false, imm16)
	set(0xcb, 0xcc, false, immNone)
	set(0xcd, 0xcd, false, imm8)
	set(0xcf, 0xcf, false, immNone)
	set(0xd0, 0xd3, true, immNone)
	set(0xd7, 0xd7, false, immNone)
	set(0xd8, 0xdf, true, immNone) // x87
	set(0xe0, 0xe7, false, imm8)   // LOOPcc, JRCXZ, IN, OUT
	set(0xe8, 0xe9, false, immZ)   // CALL, JMP rel32
	set(0xeb, 0xeb, false, imm8)   // JMP rel8
	set(0xec, 0xef, false, immNone)
	set(0xf1, 0xf1, false, immNone)
	set(0xf4, 0xf5, false, immNone)
	set(0xf6, 0xf7, true, immGrp3)
	set(0xf8, 0xfd, false, immNone)
	set(0xfe, 0xff, true, immNone)
	return t
}()

// twoByteNoModRM lists 0x0F xx opcodes without a ModRM byte.
func twoByteNoModRM(op byte) bool {
	switch {
	case op == 0x05, op == 0x06, op == 0x07, op == 0x08, op == 0x09, op == 0x0b,
		op >= 0x30 && op <= 0x37, op == 0x77, op == 0xa0, op == 0xa1, op == 0xa2,
		op == 0xa8, op == 0xa9, op == 0xaa, op >= 0xc8 && op <= 0xcf:
		return true
	}
	return false
}

// twoByteImm8 lists 0x0F xx opcodes with a ModRM byte and an imm8.
func twoByteImm8(op byte) bool {
	switch op {
	case 0x70, 0x71, 0x72, 0x73, 0xa4, 0xac, 0xba, 0xc2, 0xc4, 0xc5, 0xc6:
		return true
	}
	return false
}

// decodeX86 decodes the instruction at the start of code.
func decodeX86(code []byte) (x86Inst, error) {
	var in x86Inst
	i := 0
	next := func() (byte, error) {
		if i >= len(code) {
			return 0, fmt.Errorf("truncated instruction % x", code)
		}
		b := code[i]
		i++
		return b, nil
	}
	opsize16, addr32, rexW := false, false, false

	b, err := next()
	if err != nil {
		return in, err
	}
	// Legacy prefixes, in any order.
	for {
		switch b {
		case 0x66:
			opsize16 = true
		case 0x67:
			addr32 = true
		case 0xf0, 0xf2, 0xf3, 0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65:
		default:
			goto prefixesDone
		}
		if b, err = next(); err != nil {
			return in, err
		}
	}
prefixesDone:
	if b&0xf0 == 0x40 { // REX
		rexW = b&8 != 0
		in.rex = b
		if b, err = next(); err != nil {
			return in, err
		}
	}

	hasModRM, imm := false, uint8(immNone)
	switch b {
	case 0xc4, 0xc5, 0x62: // VEX (3- and 2-byte) and EVEX
		return decodeVEX(code, i-1, b)
	case 0x0f:
		op, err := next()
		if err != nil {
			return in, err
		}
		switch op {
		case 0x38:
			if in.op, err = next(); err != nil {
				return in, err
			}
			in.opMap, hasModRM = 2, true
		case 0x3a:
			if in.op, err = next(); err != nil {
				return in, err
			}
			in.opMap, hasModRM, imm = 3, true, imm8
		case 0x0f: // 3DNow!: never emitted by Go
			return in, fmt.Errorf("unsupported instruction % x", code[:i])
		default:
			in.op, in.opMap = op, 1
			switch {
			case op >= 0x80 && op <= 0x8f: // Jcc rel32
				in.relOff, in.relSize = i, 4
				imm = immZ
			case twoByteNoModRM(op):
			case twoByteImm8(op):
				hasModRM, imm = true, imm8
			default:
				hasModRM = true
			}
		}
	default:
		in.op = b
		e := oneByte[b]
		if e.imm == invalid {
			return in, fmt.Errorf("invalid instruction % x in 64-bit mode", code[:i])
		}
		hasModRM, imm = e.modrm, e.imm
		switch {
		case b >= 0x70 && b <= 0x7f, b >= 0xe0 && b <= 0xe3, b == 0xeb:
			in.relOff, in.relSize = i, 1
		case b == 0xe8, b == 0xe9:
			in.relOff, in.relSize = i, 4
		}
	}

	if hasModRM {
		modrm, err := next()
		if err != nil {
			return in, err
		}
		in.modrm, in.hasModRM = modrm, true
		if imm == immGrp3 {
			if reg := (modrm >> 3) & 7; reg <= 1 {
				imm = immZ
				if in.op == 0xf6 {
					imm = imm8
				}
			} else {
				imm = immNone
			}
		}
		if i, err = skipMemOperand(code, i, modrm, &in); err != nil {
			return in, err
		}
	}

	switch imm {
	case imm8:
		i++
	case imm16:
		i += 2
	case immZ:
		if opsize16 && !rexW && in.relSize == 0 {
			i += 2
		} else {
			i += 4
		}
	case immV:
		switch {
		case rexW:
			i += 8
		case opsize16:
			i += 2
		default:
			i += 4
		}
	case immMem:
		if addr32 {
			i += 4
		} else {
			i += 8
		}
	case imm16_8:
		i += 3
	}
	if i > len(code) {
		return in, fmt.Errorf("truncated instruction % x", code)
	}
	in.len = i
	return in, nil
}

// decodeVEX decodes a VEX- or EVEX-encoded instruction whose first byte is
// at code[start] (after any prefixes). All of them have a ModRM byte; map 3
// adds an imm8. Offsets in the result count from code[0].
func decodeVEX(code []byte, start int, lead byte) (x86Inst, error) {
	var in x86Inst
	i := start + 1
	var opMap int
	switch lead {
	case 0xc5:
		opMap = 1
		i++
	case 0xc4:
		if i >= len(code) {
			return in, fmt.Errorf("truncated VEX instruction")
		}
		opMap = int(code[i] & 0x1f)
		i += 2
	case 0x62:
		if i >= len(code) {
			return in, fmt.Errorf("truncated EVEX instruction")
		}
		opMap = int(code[i] & 0x07)
		i += 3
	}
	if opMap < 1 || opMap > 3 {
		return in, fmt.Errorf("unsupported VEX opcode map %d", opMap)
	}
	if i+2 > len(code) {
		return in, fmt.Errorf("truncated VEX instruction")
	}
	in.op, in.opMap, in.vex = code[i], opMap, true
	i++
	modrm := code[i]
	in.modrm, in.hasModRM = modrm, true
	i, err := skipMemOperand(code, i+1, modrm, &in)
	if err != nil {
		return in, err
	}
	if opMap == 3 || opMap == 1 && twoByteImm8(in.op) { // map 1 has the legacy 0F imm8 forms
		i++
	}
	if i > len(code) {
		return in, fmt.Errorf("truncated VEX instruction")
	}
	in.len = i
	return in, nil
}

// skipMemOperand skips what follows a ModRM byte at code[i-1] before the
// immediate: a SIB byte and a displacement. It records a RIP-relative
// displacement's offset in in.ripOff and returns the index after them.
func skipMemOperand(code []byte, i int, modrm byte, in *x86Inst) (int, error) {
	mod, rm := modrm>>6, modrm&7
	if mod == 3 {
		return i, nil
	}
	switch {
	case rm == 4: // SIB
		if i >= len(code) {
			return i, fmt.Errorf("truncated instruction % x", code)
		}
		if mod == 0 && code[i]&7 == 5 {
			i += 4
		}
		i++
	case mod == 0 && rm == 5:
		in.ripOff = i
		i += 4
	}
	switch mod {
	case 1:
		i++
	case 2:
		i += 4
	}
	return i, nil
}
