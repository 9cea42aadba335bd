package redefine

import "fmt"

// debugger runs the program from its own text, as inplace does, but never
// writes it: every write to running code (the branch at a target's entry,
// the branches back to it) is handed to the debugger that runs the program
// (debugger_handoff.go), which writes it while every thread is stopped.
// Debuggers may write a program's code on every platform (that is how they
// place breakpoints; on macOS through debugserver), and the code they write
// is the code their breakpoints, line tables and stacks describe, also on
// Apple silicon, where the program itself may never write its text (there
// this strategy has only been compiled, never run: see README's platform
// table). Thunks and trampolines are
// generated code in memory the program may write (MAP_JIT on darwin/arm64),
// written by the program as with the other strategies.
//
// Selected with REDEFINE_STRATEGY=debugger; the go-redefine debug adapter
// selects it in debug sessions on darwin/arm64.
type debugger struct{}

func (*debugger) name() string                    { return "debugger" }
func (*debugger) codeAddr(pc uintptr) uintptr     { return pc }
func (*debugger) originalAddr(pc uintptr) uintptr { return pc }

// errNoDebugger is why the strategy cannot run without a debugger.
const errNoDebugger = "REDEFINE_STRATEGY=debugger has the debugger write the program's code (the go-redefine debug adapter does): "

// prepare refuses to run when no debugger is attached: without one the
// hand-off would return with nothing written.
func (*debugger) prepare() error {
	tracer, err := tracerPID()
	if err != nil {
		return fmt.Errorf("%scannot tell whether a debugger is attached (%v): %w", errNoDebugger, err, ErrUnsupported)
	}
	if tracer == 0 {
		return fmt.Errorf("%sno debugger is attached; debug the program with a go-redefine launch configuration, or use REDEFINE_STRATEGY=auto: %w", errNoDebugger, ErrUnsupported)
	}
	return nil
}

// handoffTries bounds how often one write is handed off: a debugger that
// stopped for another reason at the same moment (another thread at a user
// breakpoint) may not see the hand-off's stop; calling again stops again.
const handoffTries = 3

// writeCode asks the debugger to write b at addr and checks that it did.
// mu must be held.
func (*debugger) writeCode(addr uintptr, b []byte) error {
	for try := 0; try < handoffTries; try++ {
		handoffDone[0] = 0
		handoff = handoffRequest{code: bytesAt(addr, uintptr(len(b))), data: b, done: handoffDone[:]}
		debuggerHandoff()
		served := handoffDone[0] == 1
		handoff = handoffRequest{}
		if served {
			flushICache(addr, addr+uintptr(len(b)))
			return nil
		}
		if tracer, err := tracerPID(); err == nil && tracer == 0 {
			return fmt.Errorf("writing %d bytes at %#x: %sthe debugger is gone: %w", len(b), addr, errNoDebugger, ErrUnsupported)
		}
	}
	return fmt.Errorf("writing %d bytes at %#x: %sthe debugger attached did not write them (is it the go-redefine adapter, with a breakpoint on %s?): %w",
		len(b), addr, errNoDebugger, handoffFunc, ErrUnsupported)
}

// viewCode returns the code at [addr, addr+n) as the program was built:
// the debugger's breakpoints are instructions written over it, which the
// engine must not copy into a trampoline nor decode as the function's. The
// executable file holds the code as built; memory is used where it differs
// by more than breakpoints (code some other tool rewrote).
func (*debugger) viewCode(addr, n uintptr) []byte {
	mem := bytesAt(addr, n)
	file, err := executableCode(addr, n)
	if err != nil || !sameButTraps(mem, file) {
		return mem
	}
	return file
}

// sameCode reports whether the code at addr is still want, breakpoints of
// the debugger aside (it keeps them over what the engine writes).
func (*debugger) sameCode(addr uintptr, want []byte) bool {
	return sameButTraps(bytesAt(addr, uintptr(len(want))), want)
}

// sameButTraps reports whether mem is code, differing from want only where
// it holds breakpoint instructions of the host.
func sameButTraps(mem, want []byte) bool { return sameButTrapsOn(hostArch, mem, want) }

func sameButTrapsOn(arch *archInfo, mem, want []byte) bool {
	if len(mem) != len(want) {
		return false
	}
	for i := 0; i < len(mem); i++ {
		if mem[i] == want[i] {
			continue
		}
		n := trapLen(arch, mem, i)
		if n == 0 {
			return false
		}
		i += n - 1
	}
	return true
}

// trapLen returns the length of the breakpoint instruction that covers
// mem[i] (0: none). amd64: INT3 (0xCC), which debuggers write over an
// instruction's first byte. arm64: BRK #imm (Arm ARM C6.2.38), an aligned
// word: Delve writes BRK #0, debugserver BRK #0xf000. i is relative to an
// address as aligned as the word.
func trapLen(arch *archInfo, mem []byte, i int) int {
	switch arch {
	case amd64Arch:
		if mem[i] == 0xcc {
			return 1
		}
	case arm64Arch:
		w := i &^ 3
		if w+4 <= len(mem) {
			word := uint32(mem[w]) | uint32(mem[w+1])<<8 | uint32(mem[w+2])<<16 | uint32(mem[w+3])<<24
			if word&0xffe0001f == 0xd4200000 {
				return w + 4 - i
			}
		}
	}
	return 0
}

// codeViewer is a strategy under which running code may hold a debugger's
// breakpoints (debugger): the engine plans from viewCode and checks code it
// is about to rewrite with sameCode.
type codeViewer interface {
	viewCode(addr, n uintptr) []byte
	sameCode(addr uintptr, want []byte) bool
}

// codeOf is the code at [addr, addr+n) as the engine must plan from it.
func codeOf(s strategy, addr, n uintptr) []byte {
	if v, ok := s.(codeViewer); ok {
		return v.viewCode(addr, n)
	}
	return bytesAt(addr, n)
}

// codeIs reports whether the code at addr is still want.
func codeIs(s strategy, addr uintptr, want []byte) bool {
	if v, ok := s.(codeViewer); ok {
		return v.sameCode(addr, want)
	}
	return string(bytesAt(addr, uintptr(len(want)))) == string(want)
}
