package redefine

import "unsafe"

// dispatchState builds the array the thunk reads (amd64_thunk.go describes
// how): for a function, its instance's state (instanceState); for a shape
// body, the dictionary of every redefined instantiation with a pointer to
// its instance's state, ended by a nil dictionary. It reports whether
// anything is redefined, i.e. whether the branch to the thunk must be in
// place. mu must be held.
func (p *patch) dispatchState() ([]unsafe.Pointer, bool) {
	if p.dict == nil {
		in := p.insts[0]
		if in == nil {
			return []unsafe.Pointer{unsafe.Pointer(p.original), unsafe.Pointer(p.original), nil, unsafe.Pointer(p.original)}, false
		}
		state, redefined := p.instanceState(in)
		in.redefined.Store(redefined)
		return state, redefined
	}
	var state []unsafe.Pointer
	redefinedAny := false
	for dict, in := range p.insts {
		inner, redefined := p.instanceState(in)
		in.redefined.Store(redefined)
		if redefined {
			state = append(state, addrPtr(dict), unsafe.Pointer(&inner[0]))
			redefinedAny = true
		}
	}
	return append(state, nil, nil), redefinedAny
}

// instanceState is what the thunk walks for one instance: the original, the
// default (the global replacement or the original), then, for every scope
// in which the instance is redefined, the scope's label set and the func
// value its goroutines run, and a nil label set with the default to end
// the list. For an instantiation these func values take the arguments
// without the dictionary. mu must be held.
func (p *patch) instanceState(in *instance) ([]unsafe.Pointer, bool) {
	deflt := in.original
	if in.global != nil {
		deflt = in.global
	}
	state := []unsafe.Pointer{unsafe.Pointer(in.original), unsafe.Pointer(deflt)}
	key := redefKey{p.t.entry, in.dict}
	for _, sc := range scopes {
		if fv := sc.effective(key); fv != nil {
			state = append(state, sc.labels, unsafe.Pointer(fv))
		}
	}
	redefined := in.global != nil || len(state) > 2
	return append(state, nil, unsafe.Pointer(deflt)), redefined
}
