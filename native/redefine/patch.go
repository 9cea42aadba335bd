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
//   - One instruction at or near the target's entry (the site, chosen by the
//     architecture's plan) becomes a branch to the target's thunk, written
//     with one atomic store that moves no instruction boundary a thread can
//     be stopped at: a thread anywhere in the function resumes either in the
//     old instruction or in the branch.
//   - The thunk hands the target's slot to the dispatcher (dispatch_*.s),
//     which picks the func value the calling goroutine must run from the
//     slot's state (dispatch.go) and jumps to it, with its closure context.
//   - A trampoline replays the instructions up to and including the site,
//     relocated, then jumps back into the target: that is Original, and what
//     the dispatcher runs for system goroutines and for goroutines that no
//     redefinition applies to. Branches inside the target that lead back to
//     its entry are pointed at the trampoline, so the original keeps working
//     when it loops or grows its stack.
//   - Thunk and trampoline share one page of generated code near the
//     target. Pages, relays and islands are never taken back: a thread may
//     still be running them.

// slot is where the thunk hands the dispatcher the target's state. It is Go
// memory, so the garbage collector keeps the state and every func value in
// it alive.
type slot struct {
	state unsafe.Pointer // first element of the []unsafe.Pointer dispatchState builds
}

// patch is the state of one function that has been redefined at least once.
type patch struct {
	t        target
	code     uintptr // where the entry runs (the strategy's codeAddr)
	slot     *slot
	original *funcval // runs the trampoline
	site     codeEdit   // the branch to the thunk
	relays   []codeEdit // written before the first activation and kept
	edits    []codeEdit // branches back to the entry, pointed at the trampoline
	relaid   bool       // relays written
	active   atomic.Bool

	// global is the replacement every goroutine runs, unless a scope it
	// belongs to has its own (scope.go); nil for none.
	global *funcval
}

var (
	// mu serialises every change to code, to patches and to scopes.
	mu sync.Mutex
	// patches holds every function ever redefined, by entry address.
	patches = map[uintptr]*patch{}
	// originals maps the entry of every function ever redefined to the func
	// value of its trampoline; a new map replaces it whenever a function is
	// added, so Original reads it without a lock.
	originals atomic.Pointer[map[uintptr]*patch]
)

// thunkSize is the room reserved for the thunk at the start of a code page.
const thunkSize = 96

// patchFor returns the patch of t, building its thunk and trampoline on
// first use. mu must be held.
func patchFor(s strategy, t target) (*patch, error) {
	if p := patches[t.entry]; p != nil {
		return p, nil
	}
	p, err := newPatch(s, t)
	if err != nil {
		return nil, err
	}
	patches[t.entry] = p
	m := make(map[uintptr]*patch, len(patches))
	for k, v := range patches {
		m[k] = v
	}
	originals.Store(&m)
	return p, nil
}

// setGlobal makes fv (nil: none) the global replacement of t. mu must be
// held.
func setGlobal(t target, fv *funcval) error {
	s, err := currentStrategy()
	if err != nil {
		return err
	}
	p, err := patchFor(s, t)
	if err != nil {
		return err
	}
	old := p.global
	p.global = fv
	if err := p.publish(s); err != nil {
		p.global = old
		_ = p.publish(s)
		return err
	}
	return nil
}

// publish hands the dispatcher the current state of p and writes or
// removes the branch to the thunk as needed. The state comes first: a
// thread that reaches the thunk finds what it must run, and one still in
// the thunk after the branch is removed runs the original. mu must be held.
func (p *patch) publish(s strategy) error {
	state, redefined := p.dispatchState()
	atomic.StorePointer(&p.slot.state, unsafe.Pointer(&state[0]))
	switch {
	case redefined && !p.active.Load():
		return p.activate(s)
	case !redefined && p.active.Load():
		return p.deactivate(s)
	}
	return nil
}

// newPatch builds the thunk and trampoline of t without touching t.
func newPatch(s strategy, t target) (*patch, error) {
	if err := checkTarget(t); err != nil {
		return nil, err
	}
	p := &patch{t: t, code: s.codeAddr(t.entry), slot: new(slot)}
	fn := bytesAt(p.code, t.end-t.entry)
	env := &moduleEnv{s: s}
	fail := func(err error) (*patch, error) {
		env.releaseClaims()
		// A mapped page stays in its chunk, unused: nothing jumps to it.
		return nil, fmt.Errorf("%s: %w: %w", t.name, err, ErrUnpatchable)
	}
	plan, err := hostArch.plan(fn, p.code, env)
	if err != nil {
		return fail(err)
	}
	// The trampoline's address must be known to encode it, and the page's
	// address is known only once mapped: map, then encode, then fill.
	page, err := allocPage(p.code, hostArch.branchReach)
	if err != nil {
		env.releaseClaims()
		return nil, fmt.Errorf("%s: %w", t.name, err)
	}
	tramp := page + thunkSize
	trampCode, err := hostArch.trampoline(fn, p.code, tramp, plan, env)
	if err != nil {
		return fail(err)
	}
	edits, islands, err := hostArch.entryBranches(fn, p.code, tramp, plan, env)
	if err != nil {
		return fail(err)
	}
	site, relays, err := hostArch.siteBranch(plan, p.code, page)
	if err != nil {
		return fail(err)
	}
	p.edits, p.relays = edits, append(relays, islands...)
	p.site = site
	p.site.old = append([]byte(nil), bytesAt(site.addr, uintptr(len(site.new)))...)
	for i := range p.relays {
		p.relays[i].old = bytes.Repeat([]byte{0xcc}, len(p.relays[i].new))
	}

	dispatch := s.codeAddr(s.originalAddr(dispatchAddr()))
	code := make([]byte, thunkSize+len(trampCode))
	thunk := hostArch.thunk(page, uintptr(unsafe.Pointer(p.slot)), tramp, dispatch, plan)
	if len(thunk) > thunkSize {
		return fail(fmt.Errorf("a thunk of %d bytes does not fit its room", len(thunk)))
	}
	copy(code, thunk)
	copy(code[thunkSize:], trampCode)
	if err := writeCodePage(s, page, code); err != nil {
		return fail(err)
	}
	p.original = &funcval{fn: tramp}
	env.keepClaims()
	state, _ := p.dispatchState()
	p.slot.state = unsafe.Pointer(&state[0])
	return p, nil
}

// activate writes the relays (once), the branches back to the entry, and
// the site's branch last, so that no call reaches the thunk before the
// paths back to the entry are in place.
func (p *patch) activate(s strategy) error {
	// The bytes must still be what they were when the edits were planned:
	// padding a relay was to use may hold another tool's code by now.
	check := append([]codeEdit{p.site}, p.edits...)
	if !p.relaid {
		check = append(check, p.relays...)
	}
	for _, e := range check {
		if !bytes.Equal(bytesAt(e.addr, uintptr(len(e.old))), e.old) {
			return fmt.Errorf("%s: the code at %#x changed since this redefinition was planned: %w", p.t.name, e.addr, ErrUnpatchable)
		}
	}
	if !p.relaid {
		for _, e := range p.relays {
			if err := s.writeCode(e.addr, e.new); err != nil {
				return fmt.Errorf("%s: %w", p.t.name, err)
			}
		}
		p.relaid = true
	}
	for i, e := range p.edits {
		if err := s.writeCode(e.addr, e.new); err != nil {
			p.undoEdits(s, i)
			return fmt.Errorf("%s: %w", p.t.name, err)
		}
	}
	if err := s.writeCode(p.site.addr, p.site.new); err != nil {
		p.undoEdits(s, len(p.edits))
		return fmt.Errorf("%s: %w", p.t.name, err)
	}
	p.active.Store(true)
	return nil
}

// deactivate restores the site first, then the other branches.
func (p *patch) deactivate(s strategy) error {
	if err := s.writeCode(p.site.addr, p.site.old); err != nil {
		return fmt.Errorf("%s: %w", p.t.name, err)
	}
	p.active.Store(false)
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
