package redefine

// archInfo is everything the engine needs to know about one instruction
// set, as data (the shape of Delve's proc.Arch). amd64Arch and arm64Arch
// fill it; they build on every host so both are unit-tested anywhere.
type archInfo struct {
	name string

	// entryPatchLen is how many bytes the branch written at a function's
	// entry occupies. It is written with one atomic store.
	entryPatchLen int

	// funcAlign is the alignment of every function entry
	// (cmd/link/internal/GOARCH: funcAlign).
	funcAlign uintptr

	// branchReach is how far (in bytes, either way) the entry branch
	// reaches: code arenas are placed within it.
	branchReach int64

	// entryBranch encodes the branch written at a function's entry.
	entryBranch func(from, to uintptr) ([]byte, error)

	// thunk encodes the code at addr that calls the func value stored at
	// slot: it loads the closure context register from *slot and jumps to
	// the function it holds. Arguments in registers pass through untouched.
	// tramp is the trampoline's address (amd64 resumes there after stack
	// growth, see amd64_arch.go).
	thunk func(addr, slot, tramp uintptr) []byte

	// trampoline encodes, at addr, the instructions the entry branch
	// replaces (relocated where they are PC-relative) followed by a jump
	// back into fn: calling addr runs fn as it was before the patch.
	trampoline func(fn []byte, entry, addr uintptr, env codeEnv) ([]byte, error)

	// entryBranches finds the branches inside fn that lead back to its
	// entry (the stack-growth path of the prologue, loops of leaf
	// functions), and re-encodes each to reach dest instead. Once fn's
	// entry is patched those must run the trampoline, not the replacement.
	// prev is the function before fn, whose alignment padding may hold a
	// relay for a branch too short to reach dest.
	entryBranches func(fn, prev []byte, entry, dest uintptr, env codeEnv) ([]codeEdit, error)
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
