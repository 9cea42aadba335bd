package redefine

import (
	"cmp"
	"fmt"
	"math/bits"
	"slices"
	"sync/atomic"
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

// codePointerSet is the set of words found: one bit per 8-byte word of
// each read-only range (1/64 of the size of the data scanned), and the
// itab words that lie outside those ranges, in writable data.
type codePointerSet struct {
	ranges   []memRange
	bits     [][]uint64 // bits[i]: the words from wordBase(ranges[i])
	writable []uintptr
}

// wordBase is the first 8-byte-aligned word of r.
func wordBase(r memRange) uintptr { return (r.start + 7) &^ 7 }

func (s *codePointerSet) add(i int, a uintptr) {
	w := (a - wordBase(s.ranges[i])) / 8
	s.bits[i][w/64] |= 1 << (w % 64)
}

// addRun adds n consecutive words from a to range i.
func (s *codePointerSet) addRun(i int, a, n uintptr) {
	w := (a - wordBase(s.ranges[i])) / 8
	b := s.bits[i]
	for ; n > 0 && w%64 != 0; w, n = w+1, n-1 {
		b[w/64] |= 1 << (w % 64)
	}
	for ; n >= 64; w, n = w+64, n-64 {
		b[w/64] = ^uint64(0)
	}
	for ; n > 0; w, n = w+1, n-1 {
		b[w/64] |= 1 << (w % 64)
	}
}

// addRunShared is addRun for goroutines that add runs to the same range at
// once: a word of the bitmap that another run may share is updated
// atomically.
func (s *codePointerSet) addRunShared(i int, a, n uintptr) {
	w := (a - wordBase(s.ranges[i])) / 8
	b := s.bits[i]
	for n > 0 {
		k := min(n, 64-w%64) // words of this run in b[w/64]
		if k == 64 {
			b[w/64] = ^uint64(0) // all of it this run's
		} else {
			for p, m := &b[w/64], (uint64(1)<<k-1)<<(w%64); ; {
				if old := atomic.LoadUint64(p); atomic.CompareAndSwapUint64(p, old, old|m) {
					break
				}
			}
		}
		w, n = w+k, n-k
	}
}

// len is how many words the set holds.
func (s *codePointerSet) len() int {
	n := len(s.writable)
	for _, b := range s.bits {
		for _, x := range b {
			n += bits.OnesCount64(x)
		}
	}
	return n
}

// redirect adds offset to every word of the set, on up to workers
// goroutines, and returns how many it changed. The pages of each range from
// its first word to its last are made writable once (keeping their other
// protections: some loaders map read-only data with the text,
// read+execute). The first store to each page makes the kernel copy it
// (about 2 µs a page where this was measured): sharing the stores among
// threads shares that too.
//
// Each word is rewritten with one aligned store, so a thread that reads it
// meanwhile sees the old or the new address; nothing else writes it.
func (s *codePointerSet) redirect(offset uintptr, workers int) (int, error) {
	n := 0
	for _, a := range s.writable {
		*(*uintptr)(addrPtr(a)) += offset
		n++
	}
	for i, r := range s.ranges {
		first, last, ok := s.span(i)
		if !ok {
			continue
		}
		lo, hi := pageDown(first), pageUp(last+8)
		if err := mprotect(lo, hi-lo, r.prot|protWrite); err != nil {
			return n, fmt.Errorf("func values, switch jump tables and linker-built itabs in read-only data at %#x-%#x still lead to the original text (making them writable failed: %v)", lo, hi, err)
		}
		// Pieces of 16384 words (128 KiB of data), as scanPiece.
		const piece = scanPiece / 8 / 64
		b, base := s.bits[i], wordBase(r)
		var count atomic.Int64
		forEachChunk((len(b)+piece-1)/piece, workers, func(f func()) { f() }, func(c int) {
			k := 0
			for j := c * piece; j < min((c+1)*piece, len(b)); j++ {
				if b[j] == ^uint64(0) { // 64 words in a row: a jump table, func values
					for a := base + uintptr(j*64)*8; a < base+uintptr(j*64+64)*8; a += 8 {
						*(*uintptr)(addrPtr(a)) += offset
					}
					k += 64
					continue
				}
				for x := b[j]; x != 0; x &= x - 1 {
					*(*uintptr)(addrPtr(base + uintptr(j*64+bits.TrailingZeros64(x))*8)) += offset
					k++
				}
			}
			count.Add(int64(k))
		})
		n += int(count.Load())
		if err := mprotect(lo, hi-lo, r.prot); err != nil {
			return n, err
		}
	}
	return n, nil
}

// span returns the first and last word of range i, or ok == false.
func (s *codePointerSet) span(i int) (first, last uintptr, ok bool) {
	b := s.bits[i]
	lo := slices.IndexFunc(b, func(x uint64) bool { return x != 0 })
	if lo < 0 {
		return 0, 0, false
	}
	hi := len(b) - 1
	for b[hi] == 0 {
		hi--
	}
	base := wordBase(s.ranges[i])
	first = base + uintptr(lo*64+bits.TrailingZeros64(b[lo]))*8
	last = base + uintptr(hi*64+63-bits.LeadingZeros64(b[hi]))*8
	return first, last, true
}

// codePointerScan finds the code pointers of one module.
type codePointerScan struct {
	md        *moduledata
	funcAlign uintptr
	// entries has a bit for each function entry: minpc + i*funcAlign.
	entries []uint64
}

func newCodePointerScan(md *moduledata, funcAlign uintptr) *codePointerScan {
	sc := &codePointerScan{md: md, funcAlign: funcAlign}
	sc.entries = make([]uint64, (md.maxpc-md.minpc)/funcAlign/64+1)
	text, oneSection := md.text, len(md.textsectmap) <= 1
	for i, f := range md.ftab[:md.nfuncs()] {
		e := text + uintptr(f.entryoff)
		if !oneSection {
			e = md.textAddr(md.ftab[i].entryoff)
		}
		if e%funcAlign == 0 && e-md.minpc < md.maxpc-md.minpc {
			n := (e - md.minpc) / funcAlign
			sc.entries[n/64] |= 1 << (n % 64)
		}
	}
	return sc
}

// isEntry reports whether v is the entry of a function.
func (sc *codePointerScan) isEntry(v uintptr) bool {
	md := sc.md
	if v-md.minpc >= md.maxpc-md.minpc || v%sc.funcAlign != 0 {
		return false
	}
	n := (v - md.minpc) / sc.funcAlign
	return sc.entries[n/64]&(1<<(n%64)) != 0
}

// codePointers returns the code pointers of read-only data for the module
// orig describes; self is the program's moduledata (go1.27 keeps it in
// read-only data, full of addresses that are not code pointers). The data
// is scanned in pieces by up to workers goroutines; a run that crosses from
// one piece into the next is joined again before its length is judged.
func codePointers(orig, self *moduledata, ranges []memRange, funcAlign uintptr, workers int) *codePointerSet {
	return codePointersInPieces(orig, self, ranges, funcAlign, workers, scanPiece)
}

// codePointersInPieces is codePointers with pieces of pieceSize bytes, a
// multiple of 8 (tests make runs cross many pieces).
func codePointersInPieces(orig, self *moduledata, ranges []memRange, funcAlign uintptr, workers int, pieceSize uintptr) *codePointerSet {
	sc := newCodePointerScan(orig, funcAlign)
	set := &codePointerSet{ranges: ranges, bits: make([][]uint64, len(ranges))}
	skip := [][2]uintptr{
		{uintptr(unsafe.Pointer(orig.pcHeader)), pclntabEnd(orig)},                                   // offsets, not addresses
		{uintptr(unsafe.Pointer(self)), uintptr(unsafe.Pointer(self)) + unsafe.Sizeof(moduledata{})}, // go1.27 keeps it here
	}
	type piece struct {
		rng      int
		from, to uintptr
		joins    bool // continues the piece before it (same part of a range)
		runs     []codeRun
	}
	var pieces []piece
	for i, r := range ranges {
		words := (max(r.end, wordBase(r)) - wordBase(r)) / 8
		set.bits[i] = make([]uint64, words/64+1)
		for _, part := range scanParts(r, skip) {
			for from := part[0]; from < part[1]; from += pieceSize {
				pieces = append(pieces, piece{rng: i, from: from, to: min(from+pieceSize, part[1]), joins: from != part[0]})
			}
		}
	}
	forEachChunk(len(pieces), workers, func(f func()) { f() }, func(k int) {
		p := &pieces[k]
		sc.runs(p.from, p.to, func(run codeRun) {
			switch {
			case run.at == p.from || run.at+8*run.n == p.to:
				p.runs = append(p.runs, run) // the piece before or after may continue it
			case run.long():
				set.addRunShared(p.rng, run.at, run.n)
			}
		})
	})
	var open codeRun // the last run seen, which the next piece may continue
	flush := func(i int) {
		if open.long() {
			set.addRun(i, open.at, open.n)
		}
		open = codeRun{}
	}
	for k, p := range pieces {
		if !p.joins && k > 0 {
			flush(pieces[k-1].rng)
		}
		for _, run := range p.runs {
			if open.n > 0 && run.at == p.from && open.at+8*open.n == run.at && open.entries == run.entries && (run.entries || open.fn == run.fn) {
				open.n += run.n
				continue
			}
			flush(p.rng)
			open = run
		}
	}
	if len(pieces) > 0 {
		flush(pieces[len(pieces)-1].rng)
	}
	// Itab method tables, unless a run holds them already.
	for _, itab := range linkerItabs(orig) {
		for _, a := range itabMethodWords(itab) {
			if !sc.isEntry(*(*uintptr)(addrPtr(a))) {
				continue
			}
			if i := rangeIndex(ranges, a); i < 0 {
				if !slices.Contains(set.writable, a) {
					set.writable = append(set.writable, a)
				}
			} else {
				set.add(i, a)
			}
		}
	}
	return set
}

// scanPiece is how many bytes of read-only data one goroutine scans at a
// time (small, as relocChunk).
const scanPiece = 128 << 10

// codeRun is a run of consecutive words that point into the text: entries
// of functions (func values), or addresses inside function fn past its
// entry (a switch's jump table).
type codeRun struct {
	at, n   uintptr
	entries bool
	fn      int
}

// long reports whether the run is long enough to be func values or a
// jump table.
func (r codeRun) long() bool {
	return r.entries && r.n >= minFuncvalRun || !r.entries && r.n >= minJumpTable
}

// scanParts returns the words of r to scan, [from, to) with to the address
// past the last word's start, once the skipped ranges are cut out.
func scanParts(r memRange, skip [][2]uintptr) [][2]uintptr {
	skip = slices.Clone(skip)
	slices.SortFunc(skip, func(a, b [2]uintptr) int { return cmp.Compare(a[0], b[0]) })
	a := wordBase(r)
	if r.end < a+8 {
		return nil
	}
	last := r.end - 8 // the last word starts at or before it
	var parts [][2]uintptr
	for _, sk := range skip {
		if sk[1] <= a || sk[0] > last {
			continue
		}
		if sk[0] > a {
			parts = append(parts, [2]uintptr{a, sk[0]})
		}
		a = max(a, (sk[1]+7)&^7)
	}
	if a <= last {
		parts = append(parts, [2]uintptr{a, last + 1})
	}
	return parts
}

func rangeIndex(ranges []memRange, a uintptr) int {
	for i, r := range ranges {
		if a >= r.start && a < r.end {
			return i
		}
	}
	return -1
}

// runs calls found for each run of words that point into the text among
// the words starting in [from, to), however short (the caller judges runs
// when it has joined those that cross into the next piece). Most words of
// data are not code addresses at all; a word that is, is looked up in the
// function table only when it neither is an entry (a bit of sc.entries) nor
// continues the jump table before it (whose words all fall in one function).
func (sc *codePointerScan) runs(from, to uintptr, found func(codeRun)) {
	md := sc.md
	minpc, span := md.minpc, md.maxpc-md.minpc
	alignMask, alignShift := sc.funcAlign-1, uint(bits.TrailingZeros64(uint64(sc.funcAlign)))
	var (
		run          codeRun // the current run, if run.n > 0
		fnLo, fnRest uintptr // a jump table's function: its entry, and its size - 1 (0: no table)
	)
	flush := func() {
		found(run)
		run.n, fnRest = 0, 0
	}
	for a := from; a < to; a += 8 {
		v := *(*uintptr)(addrPtr(a))
		// Inside the jump table's function, past its entry: the table goes
		// on.
		if v-fnLo-1 < fnRest && v&3 == 0 {
			run.n++
			continue
		}
		if v-minpc >= span || v&3 != 0 {
			if run.n > 0 {
				flush()
			}
			continue
		}
		n := (v - minpc) >> alignShift
		isEntry := v&alignMask == 0 && sc.entries[n/64]&(1<<(n%64)) != 0
		if isEntry && run.n > 0 && run.entries || !isEntry && v == fnLo && fnRest > 0 {
			run.n++ // the run goes on (a jump table may lead to its function's first instruction)
			continue
		}
		if run.n > 0 {
			flush()
		}
		if isEntry {
			run = codeRun{at: a, n: 1, entries: true}
			continue
		}
		if i := md.findFunc(v); i >= 0 {
			run = codeRun{at: a, n: 1, fn: i}
			fnLo = md.textAddr(md.ftab[i].entryoff)
			fnRest = min(md.textAddr(md.ftab[i+1].entryoff), md.maxpc) - fnLo - 1
		}
	}
	if run.n > 0 {
		flush()
	}
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
