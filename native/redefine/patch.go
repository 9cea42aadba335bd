package redefine

import (
	"errors"
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
//   - The thunk picks the func value the calling goroutine must run from
//     the slot's state (dispatch.go) and jumps to it, with its closure
//     context.
//   - A trampoline replays the instructions up to and including the site,
//     relocated, then jumps back into the target: that is Original, and what
//     the thunk runs for system goroutines and for goroutines that no
//     redefinition applies to. Branches inside the target that lead back to
//     its entry are pointed at the trampoline, so the original keeps working
//     when it loops or grows its stack.
//   - Thunk and trampoline are generated code in chunks mapped near the
//     target (arena.go), never taken back: a thread may still be running
//     them.

// slot is where the thunk finds the target's state. It is Go memory, so the garbage collector keeps the state and every func value in
// it alive.
type slot struct {
	state unsafe.Pointer // first element of the []unsafe.Pointer dispatchState builds
}

// patch is the state of one function that has been redefined at least once.
type patch struct {
	t        target  // for a generic instantiation, the shape body it shares
	code     uintptr // where the entry runs (the strategy's codeAddr)
	slot     *slot
	original *funcval   // runs the trampoline
	site     codeEdit   // the branch to the thunk
	edits    []codeEdit // branches back to the entry, pointed at the trampoline
	active   atomic.Bool

	// dict is where a shape body gets its dictionary, which its thunk
	// compares (generic.go); nil for a function that is not generic.
	dict *dictRegs
	// insts holds what the function is redefined with: for a shape body,
	// per instantiation, by dictionary; otherwise one instance, under 0.
	insts map[uintptr]*instance
}

var (
	// mu serialises every change to code, to patches and to scopes.
	mu sync.Mutex
	// patches holds every function ever redefined, by entry address.
	patches = map[uintptr]*patch{}
	// originals finds the patch of every func value ever redefined (a
	// function's entry, an instantiation's wrapper), for Original, without
	// a lock: a new table replaces it whenever one is added (addOrigin).
	originals atomic.Pointer[originalTable]
)

// patchFor returns the patch of t, building its thunk and trampoline on
// first use, and the instance t stands for in it. mu must be held.
func patchFor(s strategy, t target) (*patch, *instance, error) {
	p := patches[t.entry]
	if p == nil {
		var err error
		if p, err = newPatch(s, t); err != nil {
			return nil, nil, err
		}
		patches[t.entry] = p
	}
	in, err := p.instanceFor(s, t)
	if err != nil {
		return nil, nil, err
	}
	return p, in, nil
}

// originalTable is a copy of origins (generic.go) made for fast reads:
// most lookups find their origin in a slot picked from the entry's
// address.
type originalTable struct {
	keys  [512]uintptr
	slots [512]origin
	all   map[uintptr]origin
}

func newOriginalTable(origins map[uintptr]origin) *originalTable {
	t := &originalTable{all: make(map[uintptr]origin, len(origins))}
	for entry, o := range origins {
		t.all[entry] = o
		t.keys[originalSlot(entry)], t.slots[originalSlot(entry)] = entry, o
	}
	return t
}

// originalSlot spreads entries (16-byte aligned at least) over the slots.
func originalSlot(entry uintptr) uintptr { return entry >> 4 % 512 }

func (t *originalTable) lookup(entry uintptr) origin {
	if i := originalSlot(entry); t.keys[i] == entry {
		return t.slots[i]
	}
	return t.all[entry]
}

// currentPatch returns the strategy, the patch of t and the instance t
// stands for in it. mu must be held.
func currentPatch(t target) (strategy, *patch, *instance, error) {
	s, err := currentStrategy()
	if err != nil {
		return nil, nil, nil, err
	}
	p, in, err := patchFor(s, t)
	return s, p, in, err
}

// setGlobal makes fv (nil: none) the global replacement of t. mu must be
// held.
func setGlobal(t target, fv *funcval) error {
	s, p, in, err := currentPatch(t)
	if err != nil {
		return err
	}
	old := in.global
	in.global = fv
	raceRedefined()
	if err := p.publish(s); err != nil {
		in.global = old
		_ = p.publish(s)
		return err
	}
	return nil
}

// publish hands the thunk the current state of p and writes or
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
	p := &patch{t: t, code: s.codeAddr(t.entry), slot: new(slot), insts: map[uintptr]*instance{}}
	if t.inst != nil {
		regs := t.inst.regs
		if regs.end == 0 {
			regs.end = hostArch.intArgRegs
		}
		p.dict = &regs
	}
	fn := codeOf(s, p.code, t.end-t.entry)
	env := &moduleEnv{s: s}
	fail := func(err error) (*patch, error) {
		// Memory reserved for the patch stays unused: nothing jumps to it.
		return nil, fmt.Errorf("%s: %w: %w", t.displayName(), err, ErrUnpatchable)
	}
	plans, err := hostArch.plan(fn, p.code, env)
	if err != nil {
		return fail(err)
	}
	var errs []error
	for _, plan := range plans {
		if err := p.build(s, fn, plan, env); err != nil {
			errs = append(errs, err)
			continue
		}
		state, _ := p.dispatchState()
		p.slot.state = unsafe.Pointer(&state[0])
		return p, nil
	}
	return fail(errors.Join(errs...))
}

// build places and writes the thunk and trampoline of p for one plan, and
// prepares the edits that activate it.
func (p *patch) build(s strategy, fn []byte, plan *entryPlan, env codeEnv) error {
	reach := hostArch.branchReach
	// The trampoline's encoding depends on where it goes: size it at the
	// entry, place it with room for longer relocations, encode it there.
	sized, err := hostArch.trampoline(fn, p.code, p.code, plan, env)
	if err != nil {
		return err
	}
	room := uintptr(len(sized)) + trampSlack
	tramp, err := allocCode(room, []uintptr{p.code}, reach, nil)
	if err != nil {
		return err
	}
	trampCode, err := hostArch.trampoline(fn, p.code, tramp, plan, env)
	if err != nil {
		return err
	}
	if uintptr(len(trampCode)) > room {
		return fmt.Errorf("the trampoline grew to %d bytes when placed", len(trampCode))
	}
	edits, err := hostArch.entryBranches(fn, p.code, tramp, plan, env)
	if err != nil {
		return err
	}

	// The thunk goes where the site's branch may land; when that window
	// has no room for it, a landing pad there jumps on to it.
	site := p.code + uintptr(plan.site)
	thunkLen := uintptr(len(hostArch.thunk(0, 0, 0, plan, p.dict)))
	thunk, err := allocCode(thunkLen, []uintptr{site}, reach, plan.window)
	landing := thunk
	var pad []byte
	if err != nil && plan.window != nil {
		if landing, err = allocCode(padLen, []uintptr{site}, reach, plan.window); err == nil {
			if thunk, err = allocCode(thunkLen, []uintptr{landing}, reach, nil); err == nil {
				pad, err = hostArch.landingPad(landing, thunk)
			}
		}
	}
	if err != nil {
		return err
	}
	branch, err := hostArch.siteBranch(plan, p.code, landing)
	if err != nil {
		return err
	}
	code := hostArch.thunk(thunk, uintptr(unsafe.Pointer(p.slot)), tramp, plan, p.dict)
	for _, w := range []struct {
		at   uintptr
		code []byte
	}{{tramp, trampCode}, {thunk, code}, {landing, pad}} {
		if len(w.code) > 0 {
			if err := writeGenerated(s, w.at, w.code); err != nil {
				return err
			}
		}
	}
	p.original = &funcval{fn: tramp}
	p.edits = edits
	p.site = branch
	p.site.old = append([]byte(nil), fn[branch.addr-p.code:][:len(branch.new)]...)
	return nil
}

// trampSlack is room for relocations that take more instructions far from
// the original (arm64: an ADR that becomes ADRP+ADD).
const trampSlack = 32

// padLen is the room a landing pad needs (a JMP rel32, or a B).
const padLen = 5

// activate writes the branches back to the entry, and the site's branch
// last, so that no call reaches the thunk before the paths back to the
// entry are in place.
func (p *patch) activate(s strategy) error {
	// The bytes must still be what they were when the edits were planned:
	// another tool may have written there since.
	for _, e := range append([]codeEdit{p.site}, p.edits...) {
		if !codeIs(s, e.addr, e.old) {
			return fmt.Errorf("%s: the code at %#x changed since this redefinition was planned: %w", p.t.name, e.addr, ErrUnpatchable)
		}
	}
	for i, e := range p.edits {
		if err := s.writeCode(e.addr, e.new); err != nil {
			p.undoEdits(s, i)
			return fmt.Errorf("%s: %w", p.t.name, err)
		}
	}
	// Original must lead to the trampoline from the moment the branch is
	// live: a replacement may call it at once (with the debugger strategy,
	// other threads run on while the writing thread is still in the
	// hand-off). Before that, the trampoline runs what the target runs.
	p.active.Store(true)
	if err := s.writeCode(p.site.addr, p.site.new); err != nil {
		p.active.Store(false)
		p.undoEdits(s, len(p.edits))
		return fmt.Errorf("%s: %w", p.t.name, err)
	}
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
