#include "textflag.h"

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
	MOVD	(R26), R16
	JMP	(R16)
deflt:
	MOVD	8(R16), R26
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
