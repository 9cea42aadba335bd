package redefine

import (
	"encoding/binary"
	"fmt"
)

// Generic instantiations on amd64 (generic.go explains the scheme).

// amd64IntArgRegs are the integer argument registers of Go's internal ABI,
// in order, by their encoding numbers: AX, BX, CX, DI, SI, R8–R11
// (internal/abi/abi_amd64.go).
var amd64IntArgRegs = [...]int{0, 3, 1, 7, 6, 8, 9, 10, 11}

// amd64InstCall reads an instantiation's wrapper. Whatever else it does
// (moving the arguments, a race build's call of runtime.racefuncenter, the
// bookkeeping of older releases' wrappers), it loads the dictionary with
// LEAQ dict(RIP), reg into an integer argument register and then calls the
// shape body:
//
//	LEAQ example.com/g..dict.Max[int](SB), AX
//	CALL example.com/g.Max[go.shape.int](SB)
//
// The scan follows the code in order until that call, forgetting a loaded
// address whenever an instruction may write its register.
func amd64InstCall(fn []byte, entry uintptr, env codeEnv) (instCall, error) {
	loaded := map[int]uintptr{} // register → address a LEAQ put there
	for off := 0; off < len(fn); {
		in, err := decodeX86(fn[off:])
		if err != nil {
			return instCall{}, fmt.Errorf("decoding its wrapper at +%#x: %w", off, err)
		}
		b := fn[off : off+in.len]
		pc := entry + uintptr(off)
		off += in.len
		switch {
		case in.opMap == 0 && in.op == 0xc3: // RET
			return instCall{}, errInlinedShape
		case in.opMap == 0 && (in.op == 0xe8 || in.op == 0xe9) && in.relSize == 4:
			dest := amd64BranchTarget(in, b, pc)
			name, shape, err := wrapperCallee(env, fn, entry, dest)
			switch {
			case err != nil:
				return instCall{}, err
			case shape:
				return dictIn(loaded, amd64IntArgRegs[:], dest, name)
			case name != "":
				clear(loaded) // a call may change every register
			}
			continue
		}
		if in.vex {
			clear(loaded)
			continue
		}
		for _, r := range amd64Written(in) {
			delete(loaded, r)
		}
		if r, addr, ok := amd64LeaRIP(in, b, pc); ok {
			loaded[r] = addr
		}
	}
	return instCall{}, errInlinedShape
}

// amd64LeaRIP recognises LEAQ disp(RIP), reg and returns reg and the
// address.
func amd64LeaRIP(in x86Inst, b []byte, pc uintptr) (int, uintptr, bool) {
	if in.opMap != 0 || in.op != 0x8d || in.ripOff == 0 || in.rex&8 == 0 {
		return 0, 0, false
	}
	disp := int64(int32(binary.LittleEndian.Uint32(b[in.ripOff:])))
	reg := int(in.modrm>>3&7) | int(in.rex&4)<<1
	return reg, uintptr(int64(pc) + int64(in.len) + disp), true
}

// amd64Written returns the registers an instruction may write, erring on
// the side of more: the ModRM reg field and a register operand, except for
// stores to memory, and MOV reg, imm.
func amd64Written(in x86Inst) []int {
	rexR, rexB := int(in.rex&4)<<1, int(in.rex&1)<<3
	switch {
	case in.opMap == 0 && in.op >= 0xb8 && in.op <= 0xbf, in.opMap == 0 && in.op >= 0xb0 && in.op <= 0xb7:
		return []int{int(in.op&7) | rexB}
	case in.opMap == 0 && in.op >= 0x50 && in.op <= 0x5f: // PUSH, POP
		return []int{int(in.op&7) | rexB}
	case in.opMap == 0 && in.op >= 0x91 && in.op <= 0x97: // XCHG AX, reg
		return []int{0, int(in.op&7) | rexB}
	case !in.hasModRM, in.opMap == 1 && amd64SSEDest[in.op]:
		return nil
	case in.opMap == 0 && (in.op == 0x88 || in.op == 0x89) && in.modrm>>6 != 3:
		return nil // MOV to memory
	}
	regs := []int{int(in.modrm>>3&7) | rexR}
	if in.modrm>>6 == 3 {
		regs = append(regs, int(in.modrm&7)|rexB)
	}
	return regs
}

// amd64SSEDest lists the 0F xx instructions whose ModRM operands are XMM
// registers or memory, never integer registers they could write: SSE
// moves and arithmetic (MOVUPS, MOVSD, XORPS, CVTSI2SD, ADDSD, ...) and
// NOP r/m.
var amd64SSEDest = func() (t [256]bool) {
	for _, op := range []byte{0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x1f, 0x28, 0x29, 0x2a, 0x6e, 0x6f, 0x7f, 0xc2, 0xc6, 0xd6, 0xef} {
		t[op] = true
	}
	for op := 0x51; op <= 0x5f; op++ {
		t[op] = true
	}
	for op := 0x60; op <= 0x6d; op++ {
		t[op] = true
	}
	return t
}()

// amd64MovRegReg encodes MOVQ src, dst (REX.W 89 /r).
func amd64MovRegReg(c *codeBuf, src, dst int) {
	c.bytes(0x48|byte(src>>3)<<2|byte(dst>>3), 0x89, 0xc0|byte(src&7)<<3|byte(dst&7))
}

// amd64DictSwitch is the part of a shape body's thunk that finds the
// instantiation. R13 holds the state: pairs of a dictionary and its
// instance's state, ended by a nil dictionary. On a match it leaves the
// instance's state in R13, drops the dictionary from the arguments and
// goes on with the dispatch; the comparison with the next pairs is out of
// line, at the end of the thunk (amd64DictMiss), so that a call of the
// redefined instantiation takes no branch here:
//
//	dictLoop:
//	CMPQ (R13), <dict register>    REX.W+B 39 /r 00
//	JNE  dictNext                  0F 85 rel32
//	MOVQ 8(R13), R13               4D 8B 6D 08
//	MOVQ <next>, <dict register>   and so on, for the registers the arguments use
func amd64DictSwitch(c *codeBuf, regs dictRegs) {
	r := amd64IntArgRegs[regs.reg]
	c.label("dictLoop")
	c.bytes(0x49|byte(r>>3)<<2, 0x39, 0x45|byte(r&7)<<3, 0x00)
	c.rel32("dictNext", 0x0f, 0x85)
	c.bytes(0x4d, 0x8b, 0x6d, 0x08)
	for i := regs.reg + 1; i < regs.end; i++ {
		amd64MovRegReg(c, amd64IntArgRegs[i], amd64IntArgRegs[i-1])
	}
}

// amd64DictMiss ends a shape body's thunk: the next pair, or, after the
// last, the original (R12 holds the trampoline) with the arguments as they
// came:
//
//	dictNext:
//	ADDQ $16, R13                  49 83 C5 10
//	CMPQ (R13), $0                 49 83 7D 00 00
//	JNE  dictLoop                  0F 85 rel32
//	JMP  R12                       41 FF E4
func amd64DictMiss(c *codeBuf) {
	c.label("dictNext")
	c.bytes(0x49, 0x83, 0xc5, 0x10)
	c.bytes(0x49, 0x83, 0x7d, 0x00, 0x00)
	c.rel32("dictLoop", 0x0f, 0x85)
	c.bytes(0x41, 0xff, 0xe4)
}

// amd64InsertDict is the original of an instantiation as the thunk runs
// it: the arguments arrive without the dictionary, in the registers the
// thunk moved them to.
//
//	MOVQ R10, R11 …                the argument registers from the dictionary's on, up by one
//	MOVQ $dict, <dict register>    REX.W B8+r imm64
//	MOVQ $tramp, R12               49 BC imm64
//	JMP  R12                       41 FF E4
func amd64InsertDict(_, dict, tramp uintptr, regs dictRegs) []byte {
	var c codeBuf
	for i := regs.end - 1; i > regs.reg; i-- {
		amd64MovRegReg(&c, amd64IntArgRegs[i-1], amd64IntArgRegs[i])
	}
	r := amd64IntArgRegs[regs.reg]
	c.bytes(0x48|byte(r>>3), 0xb8|byte(r&7))
	c.u64(uint64(dict))
	c.bytes(0x49, 0xbc)
	c.u64(uint64(tramp))
	c.bytes(0x41, 0xff, 0xe4)
	return c.code()
}
