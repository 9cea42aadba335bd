//go:build race || redefine_racegate

#include "textflag.h"

// func raceGate()
// Called (CALL R12) by a thunk in race builds before it jumps to a
// replacement: it loads raceEpoch through sync/atomic, so that the race
// detector sees every redefinition happen before the replacement runs
// (race.go). The detector's runtime clobbers what C code may, so every
// register a call passes arguments in, and DX (the replacement's func
// value), is kept around it. The gate runs before the target's own stack
// check, within the room Go leaves below every stack for such code.
TEXT ·raceGate(SB),NOSPLIT|NOFRAME,$0-0
	SUBQ	$344, SP
	MOVQ	AX, 16(SP)
	MOVQ	BX, 24(SP)
	MOVQ	CX, 32(SP)
	MOVQ	DI, 40(SP)
	MOVQ	SI, 48(SP)
	MOVQ	R8, 56(SP)
	MOVQ	R9, 64(SP)
	MOVQ	R10, 72(SP)
	MOVQ	R11, 80(SP)
	MOVQ	DX, 88(SP)
	MOVUPS	X0, 96(SP)
	MOVUPS	X1, 112(SP)
	MOVUPS	X2, 128(SP)
	MOVUPS	X3, 144(SP)
	MOVUPS	X4, 160(SP)
	MOVUPS	X5, 176(SP)
	MOVUPS	X6, 192(SP)
	MOVUPS	X7, 208(SP)
	MOVUPS	X8, 224(SP)
	MOVUPS	X9, 240(SP)
	MOVUPS	X10, 256(SP)
	MOVUPS	X11, 272(SP)
	MOVUPS	X12, 288(SP)
	MOVUPS	X13, 304(SP)
	MOVUPS	X14, 320(SP)
	LEAQ	·raceEpoch(SB), AX
	MOVQ	AX, 0(SP)
	CALL	sync∕atomic·LoadInt64(SB)
	MOVQ	16(SP), AX
	MOVQ	24(SP), BX
	MOVQ	32(SP), CX
	MOVQ	40(SP), DI
	MOVQ	48(SP), SI
	MOVQ	56(SP), R8
	MOVQ	64(SP), R9
	MOVQ	72(SP), R10
	MOVQ	80(SP), R11
	MOVQ	88(SP), DX
	MOVUPS	96(SP), X0
	MOVUPS	112(SP), X1
	MOVUPS	128(SP), X2
	MOVUPS	144(SP), X3
	MOVUPS	160(SP), X4
	MOVUPS	176(SP), X5
	MOVUPS	192(SP), X6
	MOVUPS	208(SP), X7
	MOVUPS	224(SP), X8
	MOVUPS	240(SP), X9
	MOVUPS	256(SP), X10
	MOVUPS	272(SP), X11
	MOVUPS	288(SP), X12
	MOVUPS	304(SP), X13
	MOVUPS	320(SP), X14
	XORPS	X15, X15
	ADDQ	$344, SP
	RET

// func raceGateAddr() uintptr
TEXT ·raceGateAddr(SB),NOSPLIT|NOFRAME,$0-8
	LEAQ	·raceGate(SB), AX
	MOVQ	AX, ret+0(FP)
	RET
