package redefine

import (
	"encoding/binary"
	"fmt"
	"slices"
	"sync/atomic"
	"unsafe"

	"goredefine.dev/redefine/internal/arm64insn"
)

// The duplicate strategy's relocation and code-pointer scan as they were
// before issue 17 made them fast, kept unchanged (but for names, and the
// function alignment as a parameter so that an arm64 binary can be scanned
// from an amd64 test) as the reference the new code must agree with word for
// word (duplicate_identical_test.go).

func refArm64RelocateCopy(dst []byte, r textRange, offset uintptr) (int, error) {
	type change struct {
		off int
		old uint32
	}
	var changes []change
	var failures []change
	pool := map[int]bool{}
	ws := unsafe.Slice((*uint32)(unsafe.Pointer(unsafe.SliceData(dst))), len(dst)/4)
	for w, inst := range ws {
		if inst&(1<<28) == 0 {
			continue
		}
		kind := arm64insn.Classify(inst)
		if kind == arm64insn.Plain {
			continue
		}
		off := 4 * w
		pc := r.start + uintptr(off)
		target := arm64insn.Target(inst, pc)
		if kind == arm64insn.LDRLit && r.inText(target) {
			for i := 0; i < literalSize(inst); i += 4 {
				pool[int(target-r.start)+i] = true
			}
		}
		if r.inText(target) || !r.inModule(target) {
			continue
		}
		var nw uint32
		var err error
		switch kind {
		case arm64insn.ADRP:
			nw, err = arm64insn.EncodeADRP(inst&31, pc+offset, target)
		case arm64insn.ADR, arm64insn.LDRLit:
			err = errOutOfReach
		default:
			nw, err = arm64insn.Retarget(inst, pc+offset, target)
		}
		if err != nil {
			failures = append(failures, change{off, inst})
			continue
		}
		ws[w] = nw
		changes = append(changes, change{off, inst})
	}
	for _, f := range failures {
		if !pool[f.off] {
			pc := r.start + uintptr(f.off)
			return 0, fmt.Errorf("relocating the text copy: %#08x at %#x addresses %#x, out of reach from the copy", f.old, pc, arm64insn.Target(f.old, pc))
		}
	}
	n := len(changes)
	for _, c := range changes {
		if pool[c.off] {
			binary.LittleEndian.PutUint32(dst[c.off:], c.old)
			n--
		}
	}
	return n, nil
}

func refCodePointerWords(orig, self *moduledata, ranges []memRange, funcAlign uintptr) []uintptr {
	isEntry := func(v uintptr) bool {
		if v < orig.minpc || v >= orig.maxpc || v%funcAlign != 0 {
			return false
		}
		i := orig.findFunc(v)
		return i >= 0 && orig.funcAt(i).entry() == v
	}
	word := func(a uintptr) uintptr { return *(*uintptr)(addrPtr(a)) }

	var words []uintptr
	for _, itab := range linkerItabs(orig) {
		for _, a := range itabMethodWords(itab) {
			if isEntry(word(a)) {
				words = append(words, a)
			}
		}
	}

	skip := [][2]uintptr{
		{uintptr(unsafe.Pointer(orig.pcHeader)), pclntabEnd(orig)},
		{uintptr(unsafe.Pointer(self)), uintptr(unsafe.Pointer(self)) + unsafe.Sizeof(moduledata{})},
	}
	for _, r := range ranges {
		var g refCodeRun
		for a := (r.start + 7) &^ 7; a+8 <= r.end; a += 8 {
			if sk := refSkipRange(skip, a); sk != 0 {
				words = g.flush(words)
				a = (sk+7)&^7 - 8
				continue
			}
			v := word(a)
			fn := -1
			if v >= orig.minpc && v < orig.maxpc && v%4 == 0 {
				fn = orig.findFunc(v)
			}
			if fn < 0 {
				words = g.flush(words)
				continue
			}
			if !g.extends(fn, isEntry(v)) {
				words = g.flush(words)
				g.start(fn, isEntry(v))
			}
			g.words = append(g.words, a)
		}
		words = g.flush(words)
	}
	slices.Sort(words)
	return slices.Compact(words)
}

type refCodeRun struct {
	words   []uintptr
	entries bool
	fn      int
}

func (g *refCodeRun) start(fn int, entry bool) {
	g.words, g.entries, g.fn = g.words[:0], entry, fn
}

func (g *refCodeRun) extends(fn int, entry bool) bool {
	if len(g.words) == 0 {
		return false
	}
	if g.entries {
		return entry
	}
	return !entry && fn == g.fn
}

func (g *refCodeRun) flush(words []uintptr) []uintptr {
	if g.entries && len(g.words) >= minFuncvalRun || !g.entries && len(g.words) >= minJumpTable {
		words = append(words, g.words...)
	}
	g.words = g.words[:0]
	return words
}

func refSkipRange(skip [][2]uintptr, a uintptr) uintptr {
	for _, s := range skip {
		if a >= s[0] && a < s[1] {
			return s[1]
		}
	}
	return 0
}

// refRedirectCodePointers is redirectCodePointers as it was: the words
// collected first, then made writable and rewritten one page at a time.
func refRedirectCodePointers(d *duplicate, orig, self *moduledata, funcAlign uintptr) (int, error) {
	ranges := readOnlyRanges(orig.rodata, orig.noptrdata)
	words := refCodePointerWords(orig, self, ranges, funcAlign)
	for i := 0; i < len(words); {
		page := pageDown(words[i])
		prot := protectionAt(ranges, page)
		if err := mprotect(page, pageSize(), prot|protWrite); err != nil {
			return 0, fmt.Errorf("func values and linker-built itabs in read-only data still call the original text (making it writable failed: %v)", err)
		}
		for ; i < len(words) && pageDown(words[i]) == page; i++ {
			atomic.AddUintptr((*uintptr)(addrPtr(words[i])), d.offset)
		}
		if err := mprotect(page, pageSize(), prot); err != nil {
			return len(words), err
		}
	}
	return len(words), nil
}

func protectionAt(ranges []memRange, a uintptr) int {
	for _, r := range ranges {
		if a >= r.start && a < r.end {
			return r.prot
		}
	}
	return protRead
}
