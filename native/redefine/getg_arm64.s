#include "textflag.h"

// func getg() unsafe.Pointer
// The running goroutine's runtime.g, which Go keeps in R28 (g) at all times.
TEXT ·getg(SB),NOSPLIT|NOFRAME,$0-8
	MOVD	g, ret+0(FP)
	RET
