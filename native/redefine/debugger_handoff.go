package redefine

// The hand-off between the debugger strategy and the debugger that runs the
// program (the go-redefine debug adapter, through Delve). The engine fills
// handoff and calls debuggerHandoff; the debugger stops there (a breakpoint
// it keeps on the function), reads handoff, writes handoff.data at the
// address of handoff.code, sets handoff.done[0] to 1 and continues. The
// names and the layout are a contract with debug-adapter/handoff.ts: change
// both together.

// handoffFunc is the symbol the debugger puts its breakpoint on.
const handoffFunc = "goredefine.dev/redefine.debuggerHandoff"

// handoffRequest is one write the engine asks the debugger for.
type handoffRequest struct {
	// code is the memory to write: its first address and its length. The
	// debugger writes it through its memory reference (Delve hands those
	// out for slices).
	code []byte
	// data is what to write there, len(code) bytes.
	data []byte
	// done is one byte of the engine's: the debugger sets it to 1 after
	// writing, so that the engine knows that someone did.
	done []byte
}

// handoff is the request being served. mu (patch.go) serialises every use.
var (
	handoff     handoffRequest
	handoffDone [1]byte
)

// debuggerHandoff does nothing: it is where the debugger stops. It must stay
// a real call (never inlined) with a symbol of its own.
//
//go:noinline
func debuggerHandoff() {}
