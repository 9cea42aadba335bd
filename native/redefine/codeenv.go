package redefine

// moduleEnv answers codeEnv questions from the program's function table,
// with code read where the strategy runs it. One moduleEnv serves one
// newPatch: the padding it claims is kept only if the patch is made.
type moduleEnv struct {
	s       strategy
	pending []uintptr
}

func (e *moduleEnv) funcAt(pc uintptr) (string, uintptr, []byte, bool) {
	md := mainModule
	i := md.findFunc(pc)
	if i < 0 {
		return "", 0, nil, false
	}
	fi := md.funcAt(i)
	entry := fi.entry()
	return fi.name(), entry, bytesAt(e.s.codeAddr(entry), md.funcEnd(i)-entry), true
}

// claimedPadding holds every padding byte a relay or island uses, for the
// life of the process (they are never removed). mu guards it.
var claimedPadding = map[uintptr]bool{}

// claimPadding looks for n unclaimed bytes of INT3 padding after the last
// instruction of the functions around [lo, hi] (amd64 only: Go fills the
// space between functions with INT3, which nothing executes).
func (e *moduleEnv) claimPadding(lo, hi uintptr, n int) uintptr {
	md := mainModule
	i := md.findFunc(lo)
	if i < 0 {
		i = 0
	}
	for ; i < md.nfuncs(); i++ {
		entry := md.funcAt(i).entry()
		if entry > hi {
			break
		}
		end := md.funcEnd(i)
		code := bytesAt(e.s.codeAddr(entry), end-entry)
		start := end - uintptr(amd64TailPadding(code))
		for a := max(start, lo); a <= hi && a+uintptr(n) <= end; a++ {
			if e.free(a, n) {
				for j := 0; j < n; j++ {
					claimedPadding[a+uintptr(j)] = true
					e.pending = append(e.pending, a+uintptr(j))
				}
				return e.s.codeAddr(a)
			}
		}
	}
	return 0
}

func (e *moduleEnv) free(a uintptr, n int) bool {
	b := bytesAt(e.s.codeAddr(a), uintptr(n))
	for j := 0; j < n; j++ {
		if claimedPadding[a+uintptr(j)] || b[j] != 0xcc {
			return false
		}
	}
	return true
}

// releaseClaims gives back what a failed newPatch claimed.
func (e *moduleEnv) releaseClaims() {
	for _, a := range e.pending {
		delete(claimedPadding, a)
	}
	e.pending = nil
}

// keepClaims makes the claims permanent.
func (e *moduleEnv) keepClaims() { e.pending = nil }
