#include "textflag.h"

// func callerFP() uintptr
// A frameless leaf: R29 is still the caller's frame pointer.
TEXT ·callerFP(SB),NOSPLIT|NOFRAME,$0-8
	MOVD	R29, ret+0(FP)
	RET
