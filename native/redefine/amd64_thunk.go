package redefine

// The amd64 thunk: the code a call of a redefined function jumps to. It
// runs with the caller's arguments in their registers and on the stack, so
// it touches only what Go's internal ABI leaves free at a function's entry:
// R12 and R13 (scratch) and DX (the closure context, loaded last with the
// func value it jumps to). R14 is the running goroutine.
//
//	<undo>                         undoes the instructions before the site
//	MOVQ  $tramp, R12              49 BC imm64
//	CMPQ  DX, R12                  4C 39 E2     the stack-growth marker
//	JNE   check                    75 rel8
//	XORL  DX, DX                   31 D2
//	original:
//	JMP   R12                      41 FF E4
//	check:
//	CMPQ  goid(R14), $0            49 83 BE disp32 00
//	JEQ   original                 74 rel8      a system goroutine
//	MOVQ  $slot, R13               49 BD imm64
//	MOVQ  (R13), R13               4D 8B 6D 00  the state (dispatch.go)
//	[a shape body: amd64DictSwitch, which leaves the instantiation's state
//	 in R13 and drops the dictionary from the arguments, with its
//	 comparisons of other dictionaries at the end, amd64DictMiss]
//	CMPQ  16(R13), $0              49 83 7D 10 00
//	JNE   scoped                   75 rel8
//	deflt:
//	MOVQ  8(R13), DX               49 8B 55 08  no scope: the default
//	[race builds: MOVQ $raceGate, R12; CALL R12]
//	JMP   (DX)                     FF 22
//	scoped:
//	MOVQ  labels(R14), DX          49 8B 96 disp32
//	TESTQ DX, DX                   48 85 D2
//	JEQ   deflt                    74 rel8      no labels, no scope
//	CMPQ  DX, 16(R13)              49 3B 55 10  the first scope?
//	JNE   more                     75 rel8
//	MOVQ  24(R13), DX              49 8B 55 18
//	[race builds: the gate]
//	JMP   (DX)                     FF 22
//	more:
//	LEAQ  32(R13), R13             4D 8D 6D 20
//	loop:
//	CMPQ  DX, (R13)                49 3B 55 00  the goroutine's scope?
//	JEQ   found                    74 rel8
//	CMPQ  (R13), $0                49 83 7D 00 00
//	JEQ   found                    74 rel8      the end: the default
//	ADDQ  $16, R13                 49 83 C5 10
//	JMP   loop                     EB rel8
//	found:
//	MOVQ  8(R13), DX               49 8B 55 08
//	[race builds: the gate]
//	JMP   (DX)                     FF 22
//
// DX equal to the trampoline's address means "resume the original after
// stack growth" (see amd64SlowPath); the thunk clears it then, so that the
// marker never reaches a later call.
func amd64Thunk(addr, slot, tramp uintptr, plan *entryPlan, dict *dictRegs) []byte {
	var c codeBuf
	c.bytes(plan.undo...)
	c.bytes(0x49, 0xbc)
	c.u64(uint64(tramp))
	c.bytes(0x4c, 0x39, 0xe2)
	c.rel8(0x75, "check")
	c.bytes(0x31, 0xd2)
	c.label("original")
	c.bytes(0x41, 0xff, 0xe4)
	c.label("check")
	c.bytes(0x49, 0x83, 0xbe)
	c.u32(gGoidOff)
	c.bytes(0x00)
	c.rel8(0x74, "original")
	c.bytes(0x49, 0xbd)
	c.u64(uint64(slot))
	c.bytes(0x4d, 0x8b, 0x6d, 0x00)
	if dict != nil {
		amd64DictSwitch(&c, *dict)
	}
	c.bytes(0x49, 0x83, 0x7d, 0x10, 0x00)
	c.rel8(0x75, "scoped")
	c.label("deflt")
	c.bytes(0x49, 0x8b, 0x55, 0x08)
	amd64RaceGate(&c)
	c.bytes(0xff, 0x22)
	c.label("scoped")
	c.bytes(0x49, 0x8b, 0x96)
	c.u32(gLabelsOff)
	c.bytes(0x48, 0x85, 0xd2)
	c.rel8(0x74, "deflt")
	c.bytes(0x49, 0x3b, 0x55, 0x10)
	c.rel8(0x75, "more")
	c.bytes(0x49, 0x8b, 0x55, 0x18)
	amd64RaceGate(&c)
	c.bytes(0xff, 0x22)
	c.label("more")
	c.bytes(0x4d, 0x8d, 0x6d, 0x20)
	c.label("loop")
	c.bytes(0x49, 0x3b, 0x55, 0x00)
	c.rel8(0x74, "found")
	c.bytes(0x49, 0x83, 0x7d, 0x00, 0x00)
	c.rel8(0x74, "found")
	c.bytes(0x49, 0x83, 0xc5, 0x10)
	c.rel8(0xeb, "loop")
	c.label("found")
	c.bytes(0x49, 0x8b, 0x55, 0x08)
	amd64RaceGate(&c)
	c.bytes(0xff, 0x22)
	if dict != nil {
		amd64DictMiss(&c)
	}
	return c.code()
}

// amd64RaceGate calls raceGate in race builds (race.go).
func amd64RaceGate(c *codeBuf) {
	if gate := raceGateAddr(); gate != 0 {
		c.bytes(0x49, 0xbc) // MOVQ $gate, R12
		c.u64(uint64(gate))
		c.bytes(0x41, 0xff, 0xd4) // CALL R12
	}
}
