#include "go_asm.h"
#include "textflag.h"

// RACE_GATE, in race builds only, loads raceEpoch through sync/atomic so that
// the race detector sees every redefinition happen before the replacement
// runs (race.go). The detector's runtime clobbers what C code may, so every
// register a call passes arguments in is kept on the stack around it; the
// gate runs before the target's own stack check, within the room Go leaves
// below every stack for such code.
#ifdef const_raceBuild
#define RACE_GATE \
	SUBQ	$344, SP \
	MOVQ	AX, 16(SP) \
	MOVQ	BX, 24(SP) \
	MOVQ	CX, 32(SP) \
	MOVQ	DI, 40(SP) \
	MOVQ	SI, 48(SP) \
	MOVQ	R8, 56(SP) \
	MOVQ	R9, 64(SP) \
	MOVQ	R10, 72(SP) \
	MOVQ	R11, 80(SP) \
	MOVQ	DX, 88(SP) \
	MOVUPS	X0, 96(SP) \
	MOVUPS	X1, 112(SP) \
	MOVUPS	X2, 128(SP) \
	MOVUPS	X3, 144(SP) \
	MOVUPS	X4, 160(SP) \
	MOVUPS	X5, 176(SP) \
	MOVUPS	X6, 192(SP) \
	MOVUPS	X7, 208(SP) \
	MOVUPS	X8, 224(SP) \
	MOVUPS	X9, 240(SP) \
	MOVUPS	X10, 256(SP) \
	MOVUPS	X11, 272(SP) \
	MOVUPS	X12, 288(SP) \
	MOVUPS	X13, 304(SP) \
	MOVUPS	X14, 320(SP) \
	LEAQ	·raceEpoch(SB), AX \
	MOVQ	AX, 0(SP) \
	CALL	sync∕atomic·LoadInt64(SB) \
	MOVQ	16(SP), AX \
	MOVQ	24(SP), BX \
	MOVQ	32(SP), CX \
	MOVQ	40(SP), DI \
	MOVQ	48(SP), SI \
	MOVQ	56(SP), R8 \
	MOVQ	64(SP), R9 \
	MOVQ	72(SP), R10 \
	MOVQ	80(SP), R11 \
	MOVQ	88(SP), DX \
	MOVUPS	96(SP), X0 \
	MOVUPS	112(SP), X1 \
	MOVUPS	128(SP), X2 \
	MOVUPS	144(SP), X3 \
	MOVUPS	160(SP), X4 \
	MOVUPS	176(SP), X5 \
	MOVUPS	192(SP), X6 \
	MOVUPS	208(SP), X7 \
	MOVUPS	224(SP), X8 \
	MOVUPS	240(SP), X9 \
	MOVUPS	256(SP), X10 \
	MOVUPS	272(SP), X11 \
	MOVUPS	288(SP), X12 \
	MOVUPS	304(SP), X13 \
	MOVUPS	320(SP), X14 \
	XORPS	X15, X15 \
	ADDQ	$344, SP
#else
#define RACE_GATE
#endif

// dispatch chooses the code a call of a redefined function runs. Every
// patched function's thunk jumps here with R12 = its slot (see patch.go);
// the caller's arguments are still in their registers and on the stack, so
// this code touches only the registers Go's internal ABI leaves free at a
// function's entry: R12 and R13 (scratch) and DX (the closure context, loaded
// last with the func value it jumps to). R14 is the running goroutine.
//
// The slot's state is an array of pointers, published whole by one atomic
// store (dispatchState in dispatch.go):
//
//	[0] the original (a func value of the trampoline)
//	[1] the default: the global replacement, or the original
//	[2k+2], [2k+3] a scope's label set and the func value its goroutines run
//	...  nil, the default (the terminator)
//
// A system goroutine (goid 0: g0, the signal goroutine) always runs the
// original: the runtime calls some ordinary functions there, where code may
// neither grow the stack nor block. A goroutine whose label set belongs to a
// scope runs that scope's replacement; every other goroutine the default.
TEXT ·dispatch(SB),NOSPLIT|NOFRAME,$0-0
	MOVQ	(R12), R12
	MOVQ	·gGoidOffset(SB), R13
	MOVQ	(R14)(R13*1), R13
	TESTQ	R13, R13
	JEQ	original
	MOVQ	·gLabelsOffset(SB), DX
	MOVQ	(R14)(DX*1), DX
	TESTQ	DX, DX
	JEQ	deflt
	LEAQ	16(R12), R13
loop:
	MOVQ	(R13), R12
	CMPQ	R12, DX
	JEQ	found
	TESTQ	R12, R12
	JEQ	found
	ADDQ	$16, R13
	JMP	loop
found:
	MOVQ	8(R13), DX
	RACE_GATE
	JMP	(DX)
deflt:
	MOVQ	8(R12), DX
	RACE_GATE
	JMP	(DX)
original:
	MOVQ	(R12), DX
	JMP	(DX)

// func dispatchAddr() uintptr
TEXT ·dispatchAddr(SB),NOSPLIT|NOFRAME,$0-8
	LEAQ	·dispatch(SB), AX
	MOVQ	AX, ret+0(FP)
	RET
