#include "textflag.h"

// func getg() unsafe.Pointer
// The running goroutine's runtime.g. An ABI0 function reads it from thread-local
// storage; R14 holds it only in ABIInternal code.
TEXT ·getg(SB),NOSPLIT|NOFRAME,$0-8
	MOVQ	(TLS), AX
	MOVQ	AX, ret+0(FP)
	RET
