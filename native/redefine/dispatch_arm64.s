#include "go_asm.h"
#include "textflag.h"

// RACE_GATE, in race builds only: see dispatch_amd64.s. LR still holds the
// caller's return address and is kept with the argument registers; RSP stays
// 16-byte aligned.
#ifdef const_raceBuild
#define RACE_GATE \
	SUB	$304, RSP \
	MOVD	R30, 24(RSP) \
	MOVD	R26, 288(RSP) \
	STP	(R0, R1), 32(RSP) \
	STP	(R2, R3), 48(RSP) \
	STP	(R4, R5), 64(RSP) \
	STP	(R6, R7), 80(RSP) \
	STP	(R8, R9), 96(RSP) \
	STP	(R10, R11), 112(RSP) \
	STP	(R12, R13), 128(RSP) \
	STP	(R14, R15), 144(RSP) \
	FSTPD	(F0, F1), 160(RSP) \
	FSTPD	(F2, F3), 176(RSP) \
	FSTPD	(F4, F5), 192(RSP) \
	FSTPD	(F6, F7), 208(RSP) \
	FSTPD	(F8, F9), 224(RSP) \
	FSTPD	(F10, F11), 240(RSP) \
	FSTPD	(F12, F13), 256(RSP) \
	FSTPD	(F14, F15), 272(RSP) \
	MOVD	$·raceEpoch(SB), R16 \
	MOVD	R16, 8(RSP) \
	CALL	sync∕atomic·LoadInt64(SB) \
	LDP	32(RSP), (R0, R1) \
	LDP	48(RSP), (R2, R3) \
	LDP	64(RSP), (R4, R5) \
	LDP	80(RSP), (R6, R7) \
	LDP	96(RSP), (R8, R9) \
	LDP	112(RSP), (R10, R11) \
	LDP	128(RSP), (R12, R13) \
	LDP	144(RSP), (R14, R15) \
	FLDPD	160(RSP), (F0, F1) \
	FLDPD	176(RSP), (F2, F3) \
	FLDPD	192(RSP), (F4, F5) \
	FLDPD	208(RSP), (F6, F7) \
	FLDPD	224(RSP), (F8, F9) \
	FLDPD	240(RSP), (F10, F11) \
	FLDPD	256(RSP), (F12, F13) \
	FLDPD	272(RSP), (F14, F15) \
	MOVD	288(RSP), R26 \
	MOVD	24(RSP), R30 \
	ADD	$304, RSP
#else
#define RACE_GATE
#endif

// dispatch chooses the code a call of a redefined function runs; see
// dispatch_amd64.s for the state it reads. The thunk jumps here with R16 =
// the slot. Only registers Go's internal ABI leaves free at a function's
// entry are touched: R16, R17 (intra-procedure scratch) and R26 (the closure
// context, loaded last with the func value jumped to). g (R28) is the
// running goroutine; LR still holds the caller's return address.
TEXT ·dispatch(SB),NOSPLIT|NOFRAME,$0-0
	MOVD	(R16), R16
	MOVD	·gGoidOffset(SB), R17
	MOVD	(g)(R17), R17
	CBZ	R17, original
	MOVD	·gLabelsOffset(SB), R17
	MOVD	(g)(R17), R17
	CBZ	R17, deflt
	ADD	$16, R16, R26
loop:
	MOVD	(R26), R16
	CMP	R16, R17
	BEQ	found
	CBZ	R16, found
	ADD	$16, R26, R26
	JMP	loop
found:
	MOVD	8(R26), R26
	RACE_GATE
	MOVD	(R26), R16
	JMP	(R16)
deflt:
	MOVD	8(R16), R26
	RACE_GATE
	MOVD	(R26), R17
	JMP	(R17)
original:
	MOVD	(R16), R26
	MOVD	(R26), R17
	JMP	(R17)

// func dispatchAddr() uintptr
TEXT ·dispatchAddr(SB),NOSPLIT|NOFRAME,$0-8
	MOVD	$·dispatch(SB), R0
	MOVD	R0, ret+0(FP)
	RET
