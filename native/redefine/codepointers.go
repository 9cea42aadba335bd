package redefine

import (
	"slices"
	"unsafe"
)

// Which words of read-only data hold code addresses, for the duplicate
// strategy. A word merely equal to a function's entry is not enough: type
// descriptors hold 32-bit name offsets next to zero words, and on a Linux
// binary, whose text starts at a low address, such a pair can equal an
// entry; rewriting it would corrupt the type. So the engine rewrites only:
//
//   - the method tables of the itabs the linker built, found through the
//     module's itab list (go1.27: the itab region of the type data), read
//     with the itab's own layout;
//   - runs of at least minFuncvalRun consecutive words that are all entries:
//     the linker packs the func values of functions and closures (one code
//     pointer each) together (go:funcdesc), and nothing else lines up so;
//   - runs of at least minJumpTable consecutive words that all point inside
//     one function: the jump tables of switch statements.

const minFuncvalRun = 8

// minJumpTable is the fewest entries a switch jump table has: the compiler
// builds one for 8 cases or more (cmd/compile/internal/walk: minCases).
const minJumpTable = 8

// codeRun is a run of consecutive words of one kind: entries of functions
// (func values), or addresses inside one function (a switch's jump table).
type codeRun struct {
	words   []uintptr
	entries bool
	fn      int
}

func (g *codeRun) start(fn int, entry bool) {
	g.words, g.entries, g.fn = g.words[:0], entry, fn
}

// extends reports whether a word pointing at function fn (at its entry or
// not) continues the run.
func (g *codeRun) extends(fn int, entry bool) bool {
	if len(g.words) == 0 {
		return false
	}
	if g.entries {
		return entry
	}
	return !entry && fn == g.fn
}

// flush appends the run to words when it is long enough, and empties it.
func (g *codeRun) flush(words []uintptr) []uintptr {
	if g.entries && len(g.words) >= minFuncvalRun || !g.entries && len(g.words) >= minJumpTable {
		words = append(words, g.words...)
	}
	g.words = g.words[:0]
	return words
}

// codePointerWords returns the addresses of those words, sorted.
func codePointerWords(orig, self *moduledata, ranges []memRange) []uintptr {
	isEntry := func(v uintptr) bool {
		if v < orig.minpc || v >= orig.maxpc || v%hostArch.funcAlign != 0 {
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
		{uintptr(unsafe.Pointer(orig.pcHeader)), pclntabEnd(orig)},                                   // offsets, not addresses
		{uintptr(unsafe.Pointer(self)), uintptr(unsafe.Pointer(self)) + unsafe.Sizeof(moduledata{})}, // go1.27 keeps it here
	}
	for _, r := range ranges {
		var g codeRun
		for a := (r.start + 7) &^ 7; a+8 <= r.end; a += 8 {
			if sk := skipRange(skip, a); sk != 0 {
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

// skipRange returns the end of the range in skip that contains a, or 0.
func skipRange(skip [][2]uintptr, a uintptr) uintptr {
	for _, s := range skip {
		if a >= s[0] && a < s[1] {
			return s[1]
		}
	}
	return 0
}

// itabMethodWords returns the addresses of an itab's method table
// (abi.ITab: Inter, Type, Hash, then Fun[len(Inter.Methods)]; Fun[0] == 0
// when the type does not implement the interface).
func itabMethodWords(itab uintptr) []uintptr {
	const funOffset = 24
	if *(*uintptr)(addrPtr(itab + funOffset)) == 0 {
		return nil
	}
	n := itabMethods(itab)
	out := make([]uintptr, n)
	for i := range out {
		out[i] = itab + funOffset + uintptr(i)*8
	}
	return out
}

// itabMethods is len(itab.Inter.Methods): abi.InterfaceType is an abi.Type
// (48 bytes), a Name (one pointer), then the Methods slice.
func itabMethods(itab uintptr) int {
	inter := *(*uintptr)(addrPtr(itab))
	return int(*(*uintptr)(addrPtr(inter + 48 + 8 + 8)))
}

// itabSize is abi.ITab.Size.
func itabSize(itab uintptr) uintptr {
	if *(*uintptr)(addrPtr(itab + 24)) == 0 {
		return 32
	}
	return 24 + 8*uintptr(max(itabMethods(itab), 1))
}

// protectionAt returns the protection of the range holding a.
func protectionAt(ranges []memRange, a uintptr) int {
	for _, r := range ranges {
		if a >= r.start && a < r.end {
			return r.prot
		}
	}
	return protRead
}
