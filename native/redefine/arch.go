package redefine

// archInfo is everything the engine needs to know about one instruction
// set, as data (the shape of Delve's proc.Arch). amd64Arch and arm64Arch
// fill it; they build on every host so both are unit-tested anywhere.
type archInfo struct {
	name string

	// minFuncLen is the shortest function (padding included) the engine
	// can patch.
	minFuncLen int

	// funcAlign is the alignment of every function entry
	// (cmd/link/internal/GOARCH: funcAlign).
	funcAlign uintptr

	// branchReach is how far (in bytes, either way) a branch at the site
	// reaches: code pages are placed within it.
	branchReach int64

	// plan decides, from fn's code, where the branch to the thunk may go
	// and what the trampoline must replay then, best first. It changes
	// nothing.
	plan func(fn []byte, entry uintptr, env codeEnv) ([]*entryPlan, error)

	// siteBranch encodes the branch at the plan's site to landing, where
	// the thunk (or a jump to it) is.
	siteBranch func(plan *entryPlan, entry, landing uintptr) (codeEdit, error)

	// landingPad encodes a jump at addr to the thunk, for a plan whose
	// window holds no room for a whole thunk.
	landingPad func(addr, thunk uintptr) ([]byte, error)

	// thunk encodes the code at addr that a call of the redefined function
	// reaches: after undoing what the plan's instructions before the site
	// did, it picks from the slot's state what the calling goroutine runs
	// (dispatch.go) and jumps there; tramp is the original. Arguments in
	// registers pass through untouched, except for a shape body (dict not
	// nil): it first finds the instantiation by the dictionary in the
	// integer argument register dict.reg, and drops the dictionary before
	// a replacement runs (generic.go).
	thunk func(addr, slot, tramp uintptr, plan *entryPlan, dict *dictRegs) []byte

	// intArgRegs and floatArgRegs are how many registers Go's internal ABI
	// passes integer and floating-point arguments in (internal/abi:
	// IntArgRegs, FloatArgRegs).
	intArgRegs, floatArgRegs int

	// instCall reads the code of a generic instantiation's wrapper: the
	// shape body it calls, and the dictionary it passes, in which register.
	instCall func(fn []byte, entry uintptr, env codeEnv) (instCall, error)

	// insertDict encodes, at addr, code that takes arguments without the
	// dictionary, puts it back in its register (moving the registers from
	// there on up by one) and jumps to tramp.
	insertDict func(addr, dict, tramp uintptr, regs dictRegs) []byte

	// trampoline encodes, at addr, the instructions the plan covers
	// (relocated where they are PC-relative) followed by a jump back into
	// fn: calling addr runs fn as it was before the patch.
	trampoline func(fn []byte, entry, addr uintptr, plan *entryPlan, env codeEnv) ([]byte, error)

	// entryBranches finds the branches inside fn that lead back to its
	// entry (the stack-growth path of the prologue, loops of leaf
	// functions), and re-encodes each to reach dest instead: once fn is
	// patched those must run the trampoline, not the thunk.
	entryBranches func(fn []byte, entry, dest uintptr, plan *entryPlan, env codeEnv) ([]codeEdit, error)
}

// entryPlan is how one function is patched.
type entryPlan struct {
	// site is the offset of the instruction the branch to the thunk
	// replaces.
	site int
	// cover is how many bytes from the entry the patch replaces: at
	// least through the site.
	cover int
	// replay is how many bytes from the entry the trampoline replays
	// before it jumps back into the function: cover or more (0: cover).
	replay int
	// undo is code the thunk runs first: it undoes what the instructions
	// before the site did (amd64: a pushed frame pointer).
	undo []byte
	// window is where the branch may land (nil: anywhere within reach).
	window *codeWindow
	// stub is the amd64 stack-growth stub the prologue branches to.
	stub *amd64Stub
}

// codeEdit replaces old with new at addr.
type codeEdit struct {
	addr     uintptr
	old, new []byte
}

// fitsSigned reports whether v fits in a signed field of the given bits.
func fitsSigned(v int64, bits uint) bool {
	lim := int64(1) << (bits - 1)
	return v >= -lim && v < lim
}

// codeEnv answers questions about code outside the function being patched.
type codeEnv interface {
	// funcAt returns the name of the function containing pc, its entry and
	// its code (as it runs now), or ok == false.
	funcAt(pc uintptr) (name string, entry uintptr, code []byte, ok bool)
}

// dictRegs is where a shape body gets its dictionary: integer argument
// register reg, with the arguments after it in the registers up to end
// (exclusive; 0 when not known), which move down by one when the
// dictionary is dropped.
type dictRegs struct {
	reg, end int
}
