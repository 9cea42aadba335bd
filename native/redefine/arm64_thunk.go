package redefine

// The arm64 thunk: see amd64_thunk.go for what it does. It touches only
// R16, R17 (intra-procedure scratch) and R26 (the closure context, loaded
// last with the func value it jumps to); g (R28) is the running goroutine,
// LR still holds the caller's return address.
//
//	LDR  X16, slot                 the slot
//	LDR  X16, [X16]                the state (dispatch.go)
//	LDR  X17, [X28, #goid]
//	CBZ  X17, original             a system goroutine
//	[a shape body: arm64DictSwitch, which leaves the instantiation's state
//	 in X16 and drops the dictionary from the arguments; arm64DictMiss
//	 after the literals' code]
//	LDR  X17, [X16, #16]
//	CBNZ X17, scoped
//	deflt:
//	LDR  X26, [X16, #8]            no scope: the default
//	[race builds: ADR X17, 1f; LDR X16, gate; BR X16; 1:]
//	LDR  X17, [X26]
//	BR   X17
//	scoped:
//	LDR  X17, [X28, #labels]
//	CBZ  X17, deflt                no labels, no scope
//	LDR  X26, [X16, #16]
//	CMP  X26, X17                  the first scope?
//	B.NE more
//	LDR  X26, [X16, #24]
//	[race builds: the gate]
//	LDR  X16, [X26]
//	BR   X16
//	more:
//	ADD  X26, X16, #32
//	loop:
//	LDR  X16, [X26]
//	CMP  X16, X17                  the goroutine's scope?
//	B.EQ found
//	CBZ  X16, found                the end: the default
//	ADD  X26, X26, #16
//	B    loop
//	found:
//	LDR  X26, [X26, #8]
//	[race builds: the gate]
//	LDR  X16, [X26]
//	BR   X16
//	original:
//	LDR  X17, tramp
//	BR   X17
//	slot: .quad; tramp: .quad; gate: .quad
func arm64Thunk(addr, slot, tramp uintptr, _ *entryPlan, dict *dictRegs) []byte {
	const (
		x16, x17, x26, x28 = 16, 17, 26, 28
		ldrLit             = 0x58000000 // LDR Xt, label
		ldrImm             = 0xf9400000 // LDR Xt, [Xn, #imm*8]
		br                 = 0xd61f0000
	)
	ldr := func(rt, rn uint32, off uintptr) uint32 { return ldrImm | uint32(off/8)<<10 | rn<<5 | rt }
	var c codeBuf
	c.word(ldrLit|x16, "slot", arm64Imm19)
	c.u32(ldr(x16, x16, 0))
	c.u32(ldr(x17, x28, gGoidOff))
	c.word(0xb4000000|x17, "original", arm64Imm19) // CBZ
	if dict != nil {
		arm64DictSwitch(&c, *dict)
	}
	c.u32(ldr(x17, x16, 16))
	c.word(0xb5000000|x17, "scoped", arm64Imm19) // CBNZ
	c.label("deflt")
	c.u32(ldr(x26, x16, 8))
	arm64RaceGate(&c, "gate1")
	c.u32(ldr(x17, x26, 0))
	c.u32(br | x17<<5)
	c.label("scoped")
	c.u32(ldr(x17, x28, gLabelsOff))
	c.word(0xb4000000|x17, "deflt", arm64Imm19) // CBZ
	c.u32(ldr(x26, x16, 16))
	c.u32(0xeb00001f | x17<<16 | x26<<5)   // CMP X26, X17
	c.word(0x54000001, "more", arm64Imm19) // B.NE
	c.u32(ldr(x26, x16, 24))
	arm64RaceGate(&c, "gate0")
	c.u32(ldr(x16, x26, 0))
	c.u32(br | x16<<5)
	c.label("more")
	c.u32(0x91000000 | 32<<10 | x16<<5 | x26) // ADD X26, X16, #32
	c.label("loop")
	c.u32(ldr(x16, x26, 0))
	c.u32(0xeb00001f | x17<<16 | x16<<5)        // CMP X16, X17
	c.word(0x54000000, "found", arm64Imm19)     // B.EQ
	c.word(0xb4000000|x16, "found", arm64Imm19) // CBZ
	c.u32(0x91000000 | 16<<10 | x26<<5 | x26)   // ADD X26, X26, #16
	c.word(0x14000000, "loop", arm64Imm26)      // B
	c.label("found")
	c.u32(ldr(x26, x26, 8))
	arm64RaceGate(&c, "gate2")
	c.u32(ldr(x16, x26, 0))
	c.u32(br | x16<<5)
	c.label("original")
	c.word(ldrLit|x17, "tramp", arm64Imm19)
	c.u32(br | x17<<5)
	if dict != nil {
		arm64DictMiss(&c)
	}
	c.align(8)
	c.label("slot")
	c.u64(uint64(slot))
	c.label("tramp")
	c.u64(uint64(tramp))
	if gate := raceGateAddr(); gate != 0 {
		c.label("gate")
		c.u64(uint64(gate))
	}
	return c.code()
}

// arm64RaceGate enters raceGate in race builds (race.go), which continues
// at the address in X17.
func arm64RaceGate(c *codeBuf, cont string) {
	if raceGateAddr() == 0 {
		return
	}
	c.word(0x10000000|17, cont, arm64ADRImm)  // ADR X17, cont
	c.word(0x58000000|16, "gate", arm64Imm19) // LDR X16, gate
	c.u32(0xd61f0000 | 16<<5)                 // BR X16
	c.label(cont)
}
