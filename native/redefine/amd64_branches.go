package redefine

import (
	"bytes"
	"encoding/binary"
	"fmt"
)

// Branches inside an amd64 function that lead back to its entry, and the
// islands that relay the short ones.

// The stub's own jump back to the entry is left alone: it reaches the thunk,
// which resumes the trampoline when the slow path marked DX, and runs the
// replacement for a call that was in the prologue when the patch landed.
func amd64EntryBranches(fn, prev []byte, entry, dest uintptr, env codeEnv) ([]codeEdit, error) {
	plan, err := amd64Analyze(fn, entry, env)
	if err != nil {
		return nil, err
	}
	cover := plan.cover
	isl := amd64Islands{dest: dest}
	var retargets []codeEdit
	lastReal := cover
	for off := cover; off < len(fn); {
		in, err := decodeX86(fn[off:])
		if err != nil {
			return nil, fmt.Errorf("decoding +%#x: %w", off, err)
		}
		if fn[off] != 0xcc {
			lastReal = off + in.len
		}
		b := fn[off : off+in.len]
		pc := entry + uintptr(off)
		isJump := in.relSize != 0 && in.op != 0xe8 // a CALL of itself is recursion: it should see the patch
		inStub := plan.stub != nil && pc >= plan.stub.start
		if isJump {
			target := amd64BranchTarget(in, b, pc)
			switch {
			case target == entry && inStub:
			case target == entry:
				e, err := amd64Retarget(in, fn[off:], pc, dest)
				if err != nil && in.relSize == 1 {
					isl.pending = append(isl.pending, amd64ShortJump{in, b, pc})
					break
				}
				if err != nil {
					return nil, fmt.Errorf("the jump at +%#x back to the entry: %w", off, err)
				}
				retargets = append(retargets, e)
			case target > entry && target < entry+uintptr(cover):
				return nil, fmt.Errorf("the jump at +%#x lands inside the first %d bytes, which the patch replaces", off, cover)
			}
		}
		off += in.len
	}
	if len(isl.pending) == 0 {
		return retargets, nil
	}
	// Short jumps back to the entry that cannot grow in place go through an
	// island: a JMP rel32 to dest placed in alignment padding within reach,
	// after this function's code or before its entry.
	isl.addSpan(entry+uintptr(lastReal), len(fn)-lastReal)
	if n := amd64TailPadding(prev); n > 0 {
		isl.addSpan(entry-uintptr(n), n)
	}
	edits, err := isl.place()
	if err != nil {
		return nil, err
	}
	return append(edits, retargets...), nil
}

// amd64ShortJump is a JMP/Jcc rel8 that needs an island.
type amd64ShortJump struct {
	in x86Inst
	b  []byte
	pc uintptr
}

// amd64Islands places islands in padding spans.
type amd64Islands struct {
	dest    uintptr
	pending []amd64ShortJump
	spans   []struct {
		addr uintptr
		n    int
	}
	placed []uintptr
}

func (isl *amd64Islands) addSpan(addr uintptr, n int) {
	if n >= 5 {
		isl.spans = append(isl.spans, struct {
			addr uintptr
			n    int
		}{addr, n})
	}
}

// place returns the island writes followed by the retargeted short jumps.
func (isl *amd64Islands) place() ([]codeEdit, error) {
	var islands, jumps []codeEdit
	reach := func(j amd64ShortJump, a uintptr) bool {
		return fitsSigned(int64(a)-int64(j.pc+uintptr(j.in.len)), 8)
	}
	for _, j := range isl.pending {
		at := uintptr(0)
		for _, a := range isl.placed {
			if reach(j, a) {
				at = a
			}
		}
		for i := 0; at == 0 && i < len(isl.spans); i++ {
			sp := &isl.spans[i]
			if sp.n >= 5 && reach(j, sp.addr) {
				at = sp.addr
				jmp, err := amd64JumpRel32(at, isl.dest)
				if err != nil {
					return nil, err
				}
				islands = append(islands, codeEdit{addr: at, old: bytes.Repeat([]byte{0xcc}, 5), new: jmp})
				isl.placed = append(isl.placed, at)
				sp.addr, sp.n = sp.addr+5, sp.n-5
			}
		}
		if at == 0 {
			return nil, fmt.Errorf("the short jump at %#x back to the entry has no padding within reach to redirect it through", j.pc)
		}
		nb := append([]byte(nil), j.b...)
		nb[j.in.relOff] = byte(int8(int64(at) - int64(j.pc+uintptr(j.in.len))))
		jumps = append(jumps, codeEdit{addr: j.pc, old: append([]byte(nil), j.b...), new: nb})
	}
	return append(islands, jumps...), nil
}

// amd64TailPadding returns how many INT3 padding bytes end fn, counting
// only those after its last real instruction.
func amd64TailPadding(fn []byte) int {
	lastReal := 0
	for off := 0; off < len(fn); {
		in, err := decodeX86(fn[off:])
		if err != nil {
			return 0
		}
		if fn[off] != 0xcc {
			lastReal = off + in.len
		}
		off += in.len
	}
	return len(fn) - lastReal
}

// amd64Retarget rewrites the jump at the start of rest (at pc) to reach
// dest. A short jump grows into the INT3 padding that follows it, if there
// is room: it is then the last instruction of the function.
func amd64Retarget(in x86Inst, rest []byte, pc, dest uintptr) (codeEdit, error) {
	b := rest[:in.len]
	if in.relSize == 4 {
		rel := int64(dest) - int64(pc+uintptr(in.len))
		if !fitsSigned(rel, 32) {
			return codeEdit{}, fmt.Errorf("new target out of rel32 range")
		}
		nb := append([]byte(nil), b...)
		binary.LittleEndian.PutUint32(nb[in.relOff:], uint32(int32(rel)))
		return codeEdit{addr: pc, old: append([]byte(nil), b...), new: nb}, nil
	}
	var nb []byte
	switch {
	case in.op == 0xeb:
		var err error
		if nb, err = amd64JumpRel32(pc, dest); err != nil {
			return codeEdit{}, err
		}
	case in.op >= 0x70 && in.op <= 0x7f:
		nb = []byte{0x0f, 0x80 | in.op&0x0f, 0, 0, 0, 0}
		binary.LittleEndian.PutUint32(nb[2:], uint32(int32(int64(dest)-int64(pc+6))))
	default:
		return codeEdit{}, fmt.Errorf("cannot re-encode % x", b)
	}
	if len(nb) > len(rest) {
		return codeEdit{}, fmt.Errorf("a short jump with no room to grow")
	}
	for _, p := range rest[in.len:len(nb)] {
		if p != 0xcc {
			return codeEdit{}, fmt.Errorf("a short jump with no room to grow")
		}
	}
	return codeEdit{addr: pc, old: append([]byte(nil), rest[:len(nb)]...), new: nb}, nil
}
