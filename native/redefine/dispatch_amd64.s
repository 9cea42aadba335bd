#include "textflag.h"

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
	JMP	(DX)
deflt:
	MOVQ	8(R12), DX
	JMP	(DX)
original:
	MOVQ	(R12), DX
	JMP	(DX)

// func dispatchAddr() uintptr
TEXT ·dispatchAddr(SB),NOSPLIT|NOFRAME,$0-8
	LEAQ	·dispatch(SB), AX
	MOVQ	AX, ret+0(FP)
	RET
