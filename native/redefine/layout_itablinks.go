//go:build go1.22 && !go1.27

package redefine

// linkerItabs returns the itabs the linker built (runtime.itabsinit): before
// go1.27 the module lists them in itablinks.
func linkerItabs(md *moduledata) []uintptr {
	out := make([]uintptr, len(md.itablinks))
	for i, p := range md.itablinks {
		out[i] = uintptr(p)
	}
	return out
}
