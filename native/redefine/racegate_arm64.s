//go:build race || redefine_racegate

#include "textflag.h"

// func raceGate()
// Entered (BR) by a thunk in race builds before it jumps to a replacement,
// with the address to continue at in R17 and the caller's return address
// still in LR: see racegate_amd64.s. RSP stays 16-byte aligned.
TEXT ·raceGate(SB),NOSPLIT|NOFRAME,$0-0
	SUB	$304, RSP
	MOVD	R30, 24(RSP)
	MOVD	R17, 296(RSP)
	MOVD	R26, 288(RSP)
	STP	(R0, R1), 32(RSP)
	STP	(R2, R3), 48(RSP)
	STP	(R4, R5), 64(RSP)
	STP	(R6, R7), 80(RSP)
	STP	(R8, R9), 96(RSP)
	STP	(R10, R11), 112(RSP)
	STP	(R12, R13), 128(RSP)
	STP	(R14, R15), 144(RSP)
	FSTPD	(F0, F1), 160(RSP)
	FSTPD	(F2, F3), 176(RSP)
	FSTPD	(F4, F5), 192(RSP)
	FSTPD	(F6, F7), 208(RSP)
	FSTPD	(F8, F9), 224(RSP)
	FSTPD	(F10, F11), 240(RSP)
	FSTPD	(F12, F13), 256(RSP)
	FSTPD	(F14, F15), 272(RSP)
	MOVD	$·raceEpoch(SB), R16
	MOVD	R16, 8(RSP)
	CALL	sync∕atomic·LoadInt64(SB)
	LDP	32(RSP), (R0, R1)
	LDP	48(RSP), (R2, R3)
	LDP	64(RSP), (R4, R5)
	LDP	80(RSP), (R6, R7)
	LDP	96(RSP), (R8, R9)
	LDP	112(RSP), (R10, R11)
	LDP	128(RSP), (R12, R13)
	LDP	144(RSP), (R14, R15)
	FLDPD	160(RSP), (F0, F1)
	FLDPD	176(RSP), (F2, F3)
	FLDPD	192(RSP), (F4, F5)
	FLDPD	208(RSP), (F6, F7)
	FLDPD	224(RSP), (F8, F9)
	FLDPD	240(RSP), (F10, F11)
	FLDPD	256(RSP), (F12, F13)
	FLDPD	272(RSP), (F14, F15)
	MOVD	288(RSP), R26
	MOVD	296(RSP), R17
	MOVD	24(RSP), R30
	ADD	$304, RSP
	JMP	(R17)

// func raceGateAddr() uintptr
TEXT ·raceGateAddr(SB),NOSPLIT|NOFRAME,$0-8
	MOVD	$·raceGate(SB), R0
	MOVD	R0, ret+0(FP)
	RET
