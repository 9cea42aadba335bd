package redefine

import "unsafe"

// dispatchState builds the array the dispatcher reads (dispatch_amd64.s
// describes it): the original, the default (the global replacement or the
// original), then, for every scope in which the target is redefined, the
// scope's label set and the func value its goroutines run, and a nil label
// set with the default to end the list. It reports whether anything is
// redefined, i.e. whether the branch to the thunk must be in place. mu must
// be held.
func (p *patch) dispatchState() ([]unsafe.Pointer, bool) {
	deflt := p.original
	if p.global != nil {
		deflt = p.global
	}
	state := []unsafe.Pointer{unsafe.Pointer(p.original), unsafe.Pointer(deflt)}
	for _, sc := range scopes {
		if fv := sc.effective(p.t.entry); fv != nil {
			state = append(state, sc.labels, unsafe.Pointer(fv))
		}
	}
	redefined := p.global != nil || len(state) > 2
	return append(state, nil, unsafe.Pointer(deflt)), redefined
}
