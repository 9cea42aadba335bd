package redefine

import (
	"fmt"
	"math"
	"math/bits"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"unsafe"

	"goredefine.dev/redefine/internal/arm64insn"
)

// Relocation of a copy of the text (the duplicate strategy). The whole text
// moves by one offset, so a PC-relative reference from the text to the text
// (calls, branches, literal pools, ADRP of a function's address) keeps its
// encoding and reaches the copy; a reference to data must be re-encoded to
// reach the same absolute address (Arm ARM C6.2.11 ADRP).

// textRange is the program's code: [start, end), both page-aligned, as
// copied; [module, moduleEnd) is everything a reference may legitimately
// address (text, read-only data, data, bss).
type textRange struct {
	start, end        uintptr
	module, moduleEnd uintptr
}

func (r textRange) inText(a uintptr) bool   { return a >= r.start && a < r.end }
func (r textRange) inModule(a uintptr) bool { return a >= r.module && a < r.moduleEnd }

// arm64RelocateCopy copies src, the code at r.start, into dst and rewrites
// in dst every instruction that addresses data so that it works at
// r.start+offset. It returns how many instructions it changed. An
// instruction whose reach is too short for the distance moved fails the
// whole relocation: the caller then throws the copy away, before anything
// runs from it.
//
// The work is split into chunks of text, run by up to workers goroutines,
// each inside thread (which makes the copy writable for the calling thread
// where that is per thread: MAP_JIT on darwin/arm64).
//
// Go's assembler keeps large constants in literal pools inside the text,
// and a constant may look like an instruction. Only an LDR (literal) reads a
// pool, so the words those loads read are data: the pass collects the loads
// as it goes, and the words they read are copied back unchanged at the end.
func arm64RelocateCopy(dst, src []byte, r textRange, offset uintptr, workers int, thread func(func())) (int, error) {
	if len(dst) != len(src) || len(src)%4 != 0 {
		return 0, fmt.Errorf("relocating the text copy: %d bytes into %d", len(src), len(dst))
	}
	d := unsafe.Slice((*uint32)(unsafe.Pointer(unsafe.SliceData(dst))), len(dst)/4)
	s := unsafe.Slice((*uint32)(unsafe.Pointer(unsafe.SliceData(src))), len(src)/4)
	rl := newRelocator(r, offset, len(s))
	chunks := (len(s) + relocChunk - 1) / relocChunk
	results := make([]relocResult, chunks)
	forEachChunk(chunks, workers, thread, func(c int) {
		lo, hi := c*relocChunk, min((c+1)*relocChunk, len(s))
		rl.relocate(d[lo:hi], s[lo:hi], lo, &results[c])
	})
	return rl.finish(d, s, results)
}

// relocChunk is how many words one goroutine relocates at a time: 256 KiB
// of code (a whole number of 4 KiB pages and of 64-word blocks), small
// enough that a thread that is kept waiting for a core by other programs
// holds back little of the work.
const relocChunk = 1 << 16

// forEachChunk calls f(0) ... f(n-1) on up to workers goroutines, each
// running inside thread.
func forEachChunk(n, workers int, thread func(func()), f func(int)) {
	workers = max(1, min(workers, n))
	var next atomic.Int64
	work := func() {
		for c := int(next.Add(1) - 1); c < n; c = int(next.Add(1) - 1) {
			f(c)
		}
	}
	var wg sync.WaitGroup
	for i := 0; i < workers-1; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			thread(work)
		}()
	}
	thread(work)
	wg.Wait()
}

// defaultWorkers is how many goroutines the start-up work uses.
func defaultWorkers() int { return runtime.GOMAXPROCS(0) }

// relocator holds what every chunk needs, computed once.
type relocator struct {
	r      textRange
	offset uintptr
	// fast is false when the text or the offset is not 4 KiB-aligned, the
	// words given are not the whole of [start, end), or the module starts
	// below the text: every word then takes the exact path (never in the
	// engine, which copies whole pages of text to whole pages).
	fast bool
	// tail is the first word that a reference of short reach (±1 MiB:
	// B.cond, CBZ, TBZ, ADR, LDR literal) can carry past the text's end.
	tail int
}

// newRelocator prepares the relocation of the given number of words of text.
func newRelocator(r textRange, offset uintptr, words int) *relocator {
	const page = 1 << 12
	rl := &relocator{r: r, offset: offset}
	rl.fast = offset%page == 0 && r.start%page == 0 && r.end%page == 0 && uintptr(words)*4 == r.end-r.start &&
		r.module == r.start && r.moduleEnd >= r.end
	rl.tail = int(max(r.start, r.end-min(r.end, 1<<20))-r.start) / 4
	return rl
}

// relocResult is what one chunk found.
type relocResult struct {
	changed  int
	failures []int     // words out of reach from the copy, unless data
	literals []literal // literal loads into the text
}

// literal is a literal load's data: n words from word first of the text.
type literal struct{ first, n int32 }

// relocate copies and relocates the words s (word first onwards of the
// text) into d.
func (rl *relocator) relocate(d, s []uint32, first int, res *relocResult) {
	if !rl.fast {
		copy(d, s)
		for w := range s {
			rl.exact(d, s, first, w, res)
		}
		return
	}
	rl.fastPass(d, s, first, res)
	// Short-reach references can leave the text only from its last MiB.
	for b := max(rl.tail-first, 0) &^ 63; b+64 <= len(s); b += 64 {
		blk := (*[64]uint32)(s[b : b+64])
		pc := rl.r.start + uintptr(first+b)*4
		for m := markShort(blk); m != 0; m &= m - 1 {
			j := blockWord(m)
			if pc+uintptr(j)*4+uintptr(shortReach(blk[j])) >= rl.r.end {
				rl.exact(d, s, first, b+j, res)
			}
		}
	}
}

// markShort returns which words of blk may be B.cond, CBZ/CBNZ, TBZ/TBNZ or
// ADR (Arm ARM C4.1: top bytes 01010100, x011010x, x011011x, 0xx10000), as
// markBlock does for other kinds.
func markShort(blk *[64]uint32) (short uint64) {
	const tops = 0xff000000_ff000000
	q := (*[32]uint64)(unsafe.Pointer(blk))
	for g := uint(0); g < 8; g++ {
		y := (q[4*g]&tops)>>24 | (q[4*g+1]&tops)>>16 | (q[4*g+2]&tops)>>8 | q[4*g+3]&tops
		short |= (bytesEqual(y, 0xff, 0x54) | bytesEqual(y, 0x7c, 0x34) | bytesEqual(y, 0x9f, 0x10)) >> (7 - g)
	}
	return short
}

// shortReach returns how far forward (in bytes, negative: backward) a
// B.cond, CBZ/CBNZ, TBZ/TBNZ or ADR refers (Arm ARM C6.2.27, C6.2.47,
// C6.2.376, C6.2.10).
func shortReach(inst uint32) int64 {
	switch {
	case inst&0x9f000000 == 0x10000000: // ADR: immhi:immlo, in bytes
		return int64(int32(inst<<8&0xffffe000|inst>>18&0x1800)) >> 11
	case inst&0x7e000000 == 0x36000000: // TBZ/TBNZ: imm14, in words
		return int64(int32(inst<<13)>>18) * 4
	}
	return int64(int32(inst<<8)>>13) * 4 // B.cond, CBZ/CBNZ: imm19, in words
}

// fastPass handles, 64 words at a time, what can reach data from anywhere
// in the text: ADRP and B/BL; it records literal loads. markBlock finds the
// block's ADRPs, B/BLs and literal loads from their top bytes, eight words
// at a time and without a branch; then only those words are looked at.
func (rl *relocator) fastPass(d, s []uint32, first int, res *relocResult) {
	r := rl.r
	endPage := int64(r.end >> 12)
	dataPages := uint64(int64((r.moduleEnd+1<<12-1)>>12) - endPage) // pages of data after the text
	offPages := int64(rl.offset) >> 12                              // the copy may lie below the text
	changed := 0
	full := len(s) &^ 63
	for b := 0; b < full; b += 64 {
		blk, out := (*[64]uint32)(s[b:b+64]), (*[64]uint32)(d[b:b+64])
		pc := r.start + uintptr(first+b)*4
		adrps, branches, literals := markBlock(out, blk)
		fromEnd := int64(pc>>12) - endPage // pages from the text's end to this block's
		for m := adrps; m != 0; m &= m - 1 {
			j := blockWord(m)
			inst := blk[j]
			// immhi:immlo, sign-extended (Arm ARM C6.2.11).
			imm := int64(int32(inst<<8&0xffffe000|inst>>18&0x1800)) >> 11
			if uint64(fromEnd+imm) >= dataPages {
				continue // into the text, or outside the module: unchanged
			}
			moved := imm - offPages
			if moved < -1<<20 || moved >= 1<<20 {
				res.failures = append(res.failures, first+b+j)
				continue
			}
			out[j] = arm64insn.WithAdrImm(inst, uint32(moved))
			changed++
		}
		// A B/BL reaches past the text only with at least this many words
		// forward (the 26-bit field, scaled to the top of an int32).
		far := int32(math.MaxInt32)
		if words := (r.end - (pc + 63*4)) / 4; words < 1<<25 {
			far = int32(words) << 6
		}
		for m := branches; m != 0; m &= m - 1 {
			if j := blockWord(m); int32(blk[j]<<6) >= far {
				rl.exact(d, s, first, b+j, res)
			}
		}
		for m := literals; m != 0; m &= m - 1 {
			rl.exact(d, s, first, b+blockWord(m), res)
		}
	}
	res.changed += changed
	copy(d[full:], s[full:])
	for w := full; w < len(s); w++ {
		rl.exact(d, s, first, w, res)
	}
}

// markBlock copies blk into out and returns which of its words are ADRPs,
// B or BL forward, and literal loads, as masks in the order blockWord reads. It is
// the loop every word of the text goes through, so it works on eight words
// at once: it gathers their top bytes into one 64-bit word (the top bytes of
// words 0, 2, 4, 6, 1, 3, 5, 7, in that order) and tests the eight bytes
// together against each kind's opcode bits (Arm ARM C4.1: ADRP 1xx10000,
// B/BL x00101xx, LDR literal xx011x00; a B/BL's bit 25, the sign of its
// offset, is bit 1 of the top byte).
func markBlock(out, blk *[64]uint32) (adrps, branches, literals uint64) {
	const tops = 0xff000000_ff000000
	q := (*[32]uint64)(unsafe.Pointer(blk))
	o := (*[32]uint64)(unsafe.Pointer(out))
	for g := uint(0); g < 8; g++ {
		q0, q1, q2, q3 := q[4*g], q[4*g+1], q[4*g+2], q[4*g+3]
		o[4*g], o[4*g+1], o[4*g+2], o[4*g+3] = q0, q1, q2, q3
		y := (q0&tops)>>24 | (q1&tops)>>16 | (q2&tops)>>8 | q3&tops
		// ADRP: bit 7 set, and the low bits tested as the others.
		adrps |= lowBytesEqual(y, 0x1f, 0x10) & y >> (7 - g)
		branches |= lowBytesEqual(y, 0x7e, 0x14) >> (7 - g) // forward only
		literals |= lowBytesEqual(y, 0x3b, 0x18) >> (7 - g)
	}
	return adrps, branches, literals
}

// bytesEqual returns the top bit of each byte b of y for which b&mask ==
// want: a zero test of every byte at once, without carries between bytes.
func bytesEqual(y uint64, mask, want uint8) uint64 {
	const low7, high = 0x7f7f7f7f_7f7f7f7f, 0x80808080_80808080
	z := y&(uint64(mask)*0x01010101_01010101) ^ uint64(want)*0x01010101_01010101
	return ^((z & low7) + low7 | z) & high
}

// lowBytesEqual is bytesEqual for a mask without the top bit: adding 0x7f
// to each masked byte then carries into its top bit exactly when it is not
// zero, and never into the next byte.
func lowBytesEqual(y uint64, mask, want uint8) uint64 {
	const low7, high = 0x7f7f7f7f_7f7f7f7f, 0x80808080_80808080
	z := y&(uint64(mask)*0x01010101_01010101) ^ uint64(want)*0x01010101_01010101
	return ^(z + low7) & high
}

// blockWord returns the word of a 64-word block that the lowest bit of a
// markBlock mask stands for: bit 8*byte+group, with the bytes as gathered.
func blockWord(m uint64) int {
	p := bits.TrailingZeros64(m)
	return 8*(p&7) + int(gatheredWord[p>>3&7])
}

// gatheredWord is the word of a group of eight that each gathered byte
// comes from.
var gatheredWord = [8]uint8{0, 2, 4, 6, 1, 3, 5, 7}

// exact relocates word w of s (word first+w of the text) into d by the
// general rule, for any PC-relative kind.
func (rl *relocator) exact(d, s []uint32, first, w int, res *relocResult) {
	r := rl.r
	inst := s[w]
	kind := arm64insn.Classify(inst)
	if kind == arm64insn.Plain {
		return
	}
	pc := r.start + uintptr(first+w)*4
	target := arm64insn.Target(inst, pc)
	if kind == arm64insn.LDRLit && r.inText(target) {
		res.literals = append(res.literals, literal{int32((target - r.start) / 4), int32(literalSize(inst) / 4)})
	}
	if r.inText(target) || !r.inModule(target) {
		return
	}
	var nw uint32
	var err error
	switch kind {
	case arm64insn.ADRP:
		nw, err = arm64insn.EncodeADRP(inst&31, pc+rl.offset, target)
	case arm64insn.ADR, arm64insn.LDRLit:
		err = errOutOfReach
	default:
		nw, err = arm64insn.Retarget(inst, pc+rl.offset, target)
	}
	if err != nil {
		res.failures = append(res.failures, first+w)
		return
	}
	d[w] = nw
	res.changed++
}

// finish puts back the words literal loads read (data that looked like
// instructions) and reports the first instruction out of reach that is not
// such data.
func (rl *relocator) finish(d, s []uint32, results []relocResult) (int, error) {
	n := 0
	var literals []literal
	var failures []int
	for _, res := range results {
		n += res.changed
		literals = append(literals, res.literals...)
		failures = append(failures, res.failures...)
	}
	slices.Sort(failures) // the first in the text is the one reported
	for _, w := range failures {
		if !readByLiteral(literals, w) {
			pc := rl.r.start + uintptr(w)*4
			return 0, fmt.Errorf("relocating the text copy: %#08x at %#x addresses %#x, out of reach from the copy", s[w], pc, arm64insn.Target(s[w], pc))
		}
	}
	for _, l := range literals {
		for w := int(l.first); w < int(l.first+l.n) && w < len(d); w++ {
			if d[w] != s[w] {
				d[w] = s[w]
				n--
			}
		}
	}
	return n, nil
}

func readByLiteral(literals []literal, w int) bool {
	for _, l := range literals {
		if w >= int(l.first) && w < int(l.first+l.n) {
			return true
		}
	}
	return false
}

var errOutOfReach = fmt.Errorf("out of reach")

// literalSize is how many bytes an LDR (literal) reads: W, X, SW or, for
// the SIMD forms, S, D, Q.
func literalSize(inst uint32) int {
	if inst>>26&1 == 1 {
		return [...]int{4, 8, 16, 4}[inst>>30]
	}
	return [...]int{4, 8, 4, 4}[inst>>30]
}
