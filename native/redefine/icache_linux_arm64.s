#include "textflag.h"

// func flushICache(start, end uintptr)
// Line sizes come from CTR_EL0, which Linux and macOS let user code read.
TEXT ·flushICache(SB),NOSPLIT,$0-16
	MOVD	start+0(FP), R0
	MOVD	end+8(FP), R1
	WORD	$0xd53b0022	// MRS CTR_EL0, R2

	// Data cache: line = 4 << CTR_EL0.DminLine (bits 16-19).
	LSR	$16, R2, R4
	AND	$15, R4, R4
	MOVD	$4, R5
	LSL	R4, R5, R4
	SUB	$1, R4, R6
	BIC	R6, R0, R3
dloop:
	WORD	$0xd50b7b23	// DC CVAU, R3
	ADD	R4, R3, R3
	CMP	R1, R3
	BLO	dloop
	WORD	$0xd5033b9f	// DSB ISH

	// Instruction cache: line = 4 << CTR_EL0.IminLine (bits 0-3).
	AND	$15, R2, R4
	LSL	R4, R5, R4
	SUB	$1, R4, R6
	BIC	R6, R0, R3
iloop:
	WORD	$0xd50b7523	// IC IVAU, R3
	ADD	R4, R3, R3
	CMP	R1, R3
	BLO	iloop
	WORD	$0xd5033b9f	// DSB ISH
	WORD	$0xd5033fdf	// ISB
	RET
