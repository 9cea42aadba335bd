package redefine

import (
	"bytes"
	"fmt"
	"sync"
	"sync/atomic"
	"unsafe"
)

// How a redefinition works, in every strategy:
//
//   - The target's first instruction(s) become one branch to a thunk. The
//     thunk loads the replacement's func value from a slot (so that closures
//     get their context register) and jumps to it. Redefining the target
//     again only swaps the slot.
//   - A trampoline replays the instructions the branch replaced, relocated,
//     then jumps back into the target: that is Original. Branches inside the
//     target that lead back to its entry (the stack-growth path of Go's
//     prologue, loops in leaf functions) are pointed at the trampoline, so
//     the original keeps working when it needs a bigger stack.
//   - Thunk and trampoline share one page of generated code near the target.

// slot holds the replacement's func value where the thunk reads it. It is
// Go memory, so the garbage collector keeps the replacement alive.
type slot struct {
	fv unsafe.Pointer // *funcval
}

// patch is the state of one redefined function.
type patch struct {
	t        target
	code     uintptr // where the entry runs (the strategy's codeAddr)
	slot     *slot
	thunk    uintptr
	original *funcval // funcval of the trampoline
	entryOld []byte
	entryNew []byte
	edits    []codeEdit // entry branches pointed at the trampoline
	active   bool
}

var (
	// mu serialises every change to code and to the table.
	mu sync.Mutex
	// patches holds every function ever redefined, by entry address.
	patches = map[uintptr]*patch{}
)

// thunkSize is the room reserved for the thunk at the start of a code page.
const thunkSize = 64

// redefine points t at the func value fv. mu must be held.
func redefine(t target, fv *funcval) error {
	s, err := currentStrategy()
	if err != nil {
		return err
	}
	p := patches[t.entry]
	if p == nil {
		if p, err = newPatch(s, t); err != nil {
			return err
		}
		patches[t.entry] = p
	}
	atomic.StorePointer(&p.slot.fv, unsafe.Pointer(fv))
	if p.active {
		return nil
	}
	return p.activate(s)
}

// newPatch builds the thunk and trampoline of t without touching t.
func newPatch(s strategy, t target) (*patch, error) {
	if err := checkTarget(t); err != nil {
		return nil, err
	}
	p := &patch{t: t, code: s.codeAddr(t.entry), slot: new(slot)}
	fn := bytesAt(p.code, t.end-t.entry)

	// The trampoline's address must be known to encode it, and the page's
	// address is known only once mapped: map, then encode, then fill.
	page, err := allocPage(p.code, hostArch.branchReach)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", t.name, err)
	}
	fail := func(err error) (*patch, error) {
		// The page stays in its chunk, unused: nothing jumps to it.
		return nil, fmt.Errorf("%s: %w: %w", t.name, err, ErrUnpatchable)
	}
	tramp := page + thunkSize
	env := moduleEnv{s}
	trampCode, err := hostArch.trampoline(fn, p.code, tramp, env)
	if err != nil {
		return fail(err)
	}
	var prev []byte
	if t.idx > 0 {
		prevEntry := s.codeAddr(mainModule.funcAt(t.idx - 1).entry())
		prev = bytesAt(prevEntry, p.code-prevEntry)
	}
	if p.edits, err = hostArch.entryBranches(fn, prev, p.code, tramp, env); err != nil {
		return fail(err)
	}
	if p.entryNew, err = hostArch.entryBranch(p.code, page); err != nil {
		return fail(err)
	}
	p.entryOld = append([]byte(nil), fn[:len(p.entryNew)]...)

	code := make([]byte, thunkSize+len(trampCode))
	copy(code, hostArch.thunk(page, uintptr(unsafe.Pointer(p.slot)), tramp))
	copy(code[thunkSize:], trampCode)
	if err := writeCodePage(s, page, code); err != nil {
		return fail(err)
	}
	p.thunk = page
	p.original = &funcval{fn: tramp}
	return p, nil
}

// activate writes the entry branch last, so that no call reaches the thunk
// before the paths back to the entry are in place.
func (p *patch) activate(s strategy) error {
	// The bytes must still be what they were when the edits were planned:
	// an amd64 relay in shared padding may have been taken by the patch of
	// a neighbouring function since.
	for _, e := range append([]codeEdit{{addr: p.code, old: p.entryOld}}, p.edits...) {
		if !bytes.Equal(bytesAt(e.addr, uintptr(len(e.old))), e.old) {
			return fmt.Errorf("%s: the code at %#x changed since this redefinition was planned (a neighbouring function's redefinition uses the same padding); restore that one first: %w", p.t.name, e.addr, ErrUnpatchable)
		}
	}
	for i, e := range p.edits {
		if err := s.writeCode(e.addr, e.new); err != nil {
			p.undoEdits(s, i)
			return fmt.Errorf("%s: %w", p.t.name, err)
		}
	}
	if err := s.writeCode(p.code, p.entryNew); err != nil {
		p.undoEdits(s, len(p.edits))
		return fmt.Errorf("%s: %w", p.t.name, err)
	}
	p.active = true
	return nil
}

// deactivate restores the entry first, then the other branches.
func (p *patch) deactivate(s strategy) error {
	if err := s.writeCode(p.code, p.entryOld); err != nil {
		return fmt.Errorf("%s: %w", p.t.name, err)
	}
	p.active = false
	return p.undoEdits(s, len(p.edits))
}

func (p *patch) undoEdits(s strategy, n int) error {
	var first error
	for i := n - 1; i >= 0; i-- {
		if err := s.writeCode(p.edits[i].addr, p.edits[i].old); err != nil && first == nil {
			first = fmt.Errorf("%s: %w", p.t.name, err)
		}
	}
	return first
}

// moduleEnv answers codeEnv questions from the program's function table,
// with code read where the strategy runs it.
type moduleEnv struct{ s strategy }

func (e moduleEnv) funcAt(pc uintptr) (string, uintptr, []byte, bool) {
	md := mainModule
	i := md.findFunc(pc)
	if i < 0 {
		return "", 0, nil, false
	}
	fi := md.funcAt(i)
	entry := fi.entry()
	return fi.name(), entry, bytesAt(e.s.codeAddr(entry), md.funcEnd(i)-entry), true
}
