package redefine

import (
	"encoding/binary"

	"goredefine.dev/redefine/internal/arm64insn"
)

// Generic instantiations on arm64 (generic.go explains the scheme). The
// integer argument registers of Go's internal ABI are R0–R15
// (internal/abi/abi_arm64.go).
const arm64IntArgRegs = 16

// arm64ArgRegs are their numbers, in order.
var arm64ArgRegs = [arm64IntArgRegs]int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}

// arm64InstCall reads an instantiation's wrapper: it loads the dictionary
// into an integer argument register with ADRP and ADD, and calls the shape
// body:
//
//	ADRP dict, R0
//	ADD  $dict&0xfff, R0, R0
//	BL   example.com/g.Max[go.shape.int]
//
// The scan follows the code in order until that call, forgetting an
// address whenever an instruction may write its register.
func arm64InstCall(fn []byte, entry uintptr, env codeEnv) (instCall, error) {
	pages := map[int]uintptr{}  // register → the page an ADRP put there
	loaded := map[int]uintptr{} // register → the address ADRP and ADD put there
	for off := 0; off+4 <= len(fn); off += 4 {
		w := binary.LittleEndian.Uint32(fn[off:])
		pc := entry + uintptr(off)
		if w == 0xd65f03c0 { // RET
			return instCall{}, errInlinedShape
		}
		switch arm64insn.Classify(w) {
		case arm64insn.ADRP:
			rd := int(w & 31)
			pages[rd] = arm64insn.Target(w, pc)
			delete(loaded, rd)
			continue
		case arm64insn.BL, arm64insn.B:
			dest := arm64insn.Target(w, pc)
			name, shape, err := wrapperCallee(env, fn, entry, dest)
			switch {
			case err != nil:
				return instCall{}, err
			case shape:
				return dictIn(loaded, arm64ArgRegs[:], dest, name)
			case name != "":
				clear(pages)
				clear(loaded)
			}
			continue
		case arm64insn.Plain:
		default:
			continue // other branches and PC-relative loads write no argument register the scan follows
		}
		if w&0xffc00000 == 0x91000000 { // ADD Xd, Xn, #imm12
			rd, rn := int(w&31), int(w>>5&31)
			if page, ok := pages[rn]; ok {
				delete(pages, rd)
				loaded[rd] = page + uintptr(w>>10&0xfff)
				continue
			}
		}
		for _, r := range arm64Written(w) {
			delete(pages, r)
			delete(loaded, r)
		}
	}
	return instCall{}, errInlinedShape
}

// arm64Written returns the registers an instruction may write, erring on
// the side of more: Rd (bits 0-4) of data-processing instructions; for loads
// Rt, Rt2 and a written-back base; for stores a written-back base (Arm ARM
// C4.1: loads and stores have op0 x1x0, and L, bit 22, set for loads).
func arm64Written(w uint32) []int {
	rt, rn, rt2 := int(w&31), int(w>>5&31), int(w>>10&31)
	if w>>25&5 == 4 {
		if w>>22&1 == 1 {
			return []int{rt, rt2, rn}
		}
		return []int{rn}
	}
	return []int{rt}
}

// arm64Mov encodes MOV Xd, Xm (ORR Xd, XZR, Xm).
func arm64Mov(d, m int) uint32 { return 0xaa0003e0 | uint32(m)<<16 | uint32(d) }

// arm64DictSwitch is the part of a shape body's thunk that finds the
// instantiation; see amd64DictSwitch. X16 holds the state:
//
//	dictLoop:
//	LDR  X17, [X16]
//	dictCompare:
//	CMP  X17, <dict register>
//	B.NE dictNext
//	LDR  X16, [X16, #8]
//	MOV  <dict register>, <next>   and so on, for the registers the arguments use
func arm64DictSwitch(c *codeBuf, regs dictRegs) {
	const x16, x17 = 16, 17
	c.label("dictLoop")
	c.u32(0xf9400000 | x16<<5 | x17) // LDR X17, [X16]
	c.label("dictCompare")
	c.u32(0xeb00001f | uint32(regs.reg)<<16 | x17<<5) // CMP X17, Xreg
	c.word(0x54000001, "dictNext", arm64Imm19)        // B.NE
	c.u32(0xf9400000 | 1<<10 | x16<<5 | x16)          // LDR X16, [X16, #8]
	for i := regs.reg + 1; i < regs.end; i++ {
		c.u32(arm64Mov(i-1, i))
	}
}

// arm64DictMiss: see amd64DictMiss.
//
//	dictNext:
//	LDR  X17, [X16, #16]!
//	CBNZ X17, dictCompare
//	B    original
func arm64DictMiss(c *codeBuf) {
	const x16, x17 = 16, 17
	c.label("dictNext")
	c.u32(0xf8400c00 | 16<<12 | x16<<5 | x17)         // LDR X17, [X16, #16]! (pre-index)
	c.word(0xb5000000|x17, "dictCompare", arm64Imm19) // CBNZ
	c.word(0x14000000, "original", arm64Imm26)        // B
}

// arm64InsertDict: see amd64InsertDict.
//
//	MOV  R15, R14 …                the argument registers from the dictionary's on, up by one
//	LDR  <dict register>, dict
//	LDR  X17, tramp
//	BR   X17
//	dict: .quad; tramp: .quad
func arm64InsertDict(_, dict, tramp uintptr, regs dictRegs) []byte {
	var c codeBuf
	for i := regs.end - 1; i > regs.reg; i-- {
		c.u32(arm64Mov(i, i-1))
	}
	c.word(0x58000000|uint32(regs.reg), "dict", arm64Imm19)
	c.word(0x58000000|17, "tramp", arm64Imm19)
	c.u32(0xd61f0000 | 17<<5)
	c.align(8)
	c.label("dict")
	c.u64(uint64(dict))
	c.label("tramp")
	c.u64(uint64(tramp))
	return c.code()
}
