// Package crosscheck holds tests only: the engine's arm64 codec checked
// against golang.org/x/arch/arm64/arm64asm.
package crosscheck
