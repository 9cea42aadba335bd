package redefine

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math/bits"
	"math/rand"
	"os"
	"slices"
	"strings"
	"testing"

	"goredefine.dev/redefine/internal/arm64insn"
)

// The duplicate strategy's relocation and code-pointer scan must produce
// exactly what they produced before issue 17 made them fast
// (duplicate_reference_test.go): the same copy, byte for byte, the same
// count or the same error, and the same set of redirected words. Here on
// random instruction streams and on this test binary's own text and data;
// duplicate_identical_linux_test.go does it on real arm64 programs.

// checkRelocation relocates src both ways and compares.
func checkRelocation(t *testing.T, what string, src []byte, r textRange, offset uintptr, workers int) error {
	t.Helper()
	want := slices.Clone(src)
	wantN, wantErr := refArm64RelocateCopy(want, r, offset)
	got := make([]byte, len(src))
	gotN, gotErr := arm64RelocateCopy(got, src, r, offset, workers, func(f func()) { f() })
	if fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
		t.Fatalf("%s: error %v, the reference says %v", what, gotErr, wantErr)
	}
	if wantErr != nil {
		return wantErr
	}
	if gotN != wantN {
		t.Errorf("%s: %d instructions changed, the reference changed %d", what, gotN, wantN)
	}
	if !bytes.Equal(got, want) {
		for i := 0; i < len(got); i += 4 {
			if g, w := binary.LittleEndian.Uint32(got[i:]), binary.LittleEndian.Uint32(want[i:]); g != w {
				t.Fatalf("%s: word at %#x (was %#08x) is %#08x, the reference wrote %#08x", what, r.start+uintptr(i), binary.LittleEndian.Uint32(src[i:]), g, w)
			}
		}
	}
	return nil
}

// randomText returns words that are mostly PC-relative instructions aimed at
// the text, the data after it and beyond the module, literal loads reading
// other words, and noise. A clean text has only ADRPs and, with branches,
// B and BL to reach past the text, and relocates unless the offset is too
// far for them.
func randomText(rng *rand.Rand, r textRange, words int, clean, branches bool) []byte {
	textWords := int((r.end - r.start) / 4)
	target := func() uintptr { // somewhere near the module
		lo, hi := int64(r.module)-1<<22, int64(r.moduleEnd)+1<<22
		return uintptr(lo + rng.Int63n(hi-lo))
	}
	b := make([]byte, 0, 4*words)
	for w := 0; w < words; w++ {
		pc := r.start + uintptr(w)*4
		var inst uint32
		switch k := rng.Intn(20); {
		case k < 5: // ADRP
			rel := (int64(target()>>12) - int64(pc>>12)) & 0x1fffff
			inst = arm64insn.WithAdrImm(0x90000000|uint32(rng.Intn(31)), uint32(rel))
		case k < 8: // B or BL
			to := target()
			if clean && !branches {
				to = r.start + uintptr(rng.Intn(textWords))*4
			}
			rel := uint32((int64(to&^3)-int64(pc))/4) & 0x3ffffff
			inst = []uint32{0x14000000, 0x94000000}[rng.Intn(2)] | rel
		case k < 10: // LDR (literal) of a word nearby, any size
			tw := min(max(w+rng.Intn(64)-32, 0), textWords-1)
			rel := uint32(tw-w) & 0x7ffff
			inst = []uint32{0x18000000, 0x58000000, 0x98000000, 0x1c000000, 0x5c000000, 0x9c000000}[rng.Intn(6)] | rel<<5 | uint32(rng.Intn(32))
		case k < 13 && !clean: // B.cond, CBZ, TBZ, ADR: short reach, some past the text
			rel := uint32(rng.Intn(1<<19)) - 1<<18
			inst = []uint32{0x54000000 | rel&0x7ffff<<5 | uint32(rng.Intn(16)), 0xb4000000 | rel&0x7ffff<<5, 0x36000000 | rel&0x3fff<<5, 0x10000000 | rel&0x7ffff<<5 | rel>>19<<29}[rng.Intn(4)]
		case k < 15:
			inst = rng.Uint32()
			if kind := arm64insn.Classify(inst); clean && kind != arm64insn.Plain && kind != arm64insn.ADRP {
				inst = 0xd503201f
			}
		default:
			inst = []uint32{0xd503201f, 0xa9bf7bfd, 0x910003fd, 0xf9400000, 0}[rng.Intn(5)]
		}
		b = binary.LittleEndian.AppendUint32(b, inst)
	}
	return b
}

func TestRelocationIdenticalOnRandomStreams(t *testing.T) {
	rng := rand.New(rand.NewSource(17))
	rounds, failed := 35, 0
	if testing.Short() || os.Getenv("REDEFINE_TEST_EXEC") != "" { // under emulation: the code is the same
		rounds = 8
	}
	for round := 0; round < rounds; round++ {
		size := uintptr([]int{1, 4, 80, 300, 600}[round%5]) << 12 // up to 2.4 MiB: chunks, blocks, a tail
		start := uintptr(0x10000 + rng.Intn(64)<<12)
		// Near, beyond the reach of B/BL, near and beyond that of ADRP,
		// both ways.
		offsets := []uintptr{1 << 20, 64 << 20, 200 << 20, 3<<30 + 900<<20, 4<<30 + 64<<20, negative(64 << 20), negative(4<<30 + 4<<20)}
		offset := offsets[round%len(offsets)]
		if -offset < 1<<40 {
			start += 8 << 30 // room for the copy below the text
		}
		r := textRange{start: start, end: start + size, module: start, moduleEnd: start + size + uintptr(rng.Intn(64<<20))}
		if round%11 == 3 { // not what the engine does: every word takes the exact path
			r.module -= 1 << 12
			offset += 8
		}
		src := randomText(rng, r, int(size/4), round%3 != 0, round%3 == 2)
		if checkRelocation(t, fmt.Sprintf("round %d (%d KiB, offset %#x)", round, size>>10, offset), src, r, offset, 1+round%3) != nil {
			failed++
		}
	}
	if failed == 0 || failed == rounds {
		t.Errorf("%d of %d random streams failed to relocate: both outcomes must be compared", failed, rounds)
	}
}

// The test binary's own text, relocated as the duplicate strategy would
// (on amd64 its x86 code is as good a stream of arbitrary words as any).
func TestRelocationIdenticalOnOwnText(t *testing.T) {
	md := mainModule
	r := textRange{start: pageDown(md.text), end: textCopyEnd(md), module: pageDown(md.text), moduleEnd: md.end}
	src := bytesAt(r.start, r.end-r.start)
	offsets := []uintptr{pageUp(md.end-r.start) + 1<<20, 1 << 30}
	if r.start > 256<<20 {
		offsets = append(offsets, negative(256<<20))
	}
	for _, offset := range offsets {
		if err := checkRelocation(t, fmt.Sprintf("offset %#x", offset), src, r, offset, 2); err != nil {
			t.Logf("offset %#x: %v", offset, err)
		}
	}
}

// The test binary's own read-only data, scanned for code pointers. Under
// the duplicate strategy they point at the copy by now: the program's own
// moduledata describes it.
func TestCodePointersIdenticalOnOwnModule(t *testing.T) {
	md := mainModule
	if s, err := currentStrategyIfReady(); err == nil {
		if d, ok := s.(*duplicate); ok {
			md = d.self
		}
	}
	ranges := readOnlyRanges(md.rodata, md.noptrdata)
	checkCodePointers(t, md, md, ranges, hostArch.funcAlign)
}

func checkCodePointers(t *testing.T, orig, self *moduledata, ranges []memRange, funcAlign uintptr) []uintptr {
	t.Helper()
	want := refCodePointerWords(orig, self, ranges, funcAlign)
	set := codePointers(orig, self, ranges, funcAlign, 2)
	got := set.words()
	if !slices.Equal(got, want) {
		extra, missing := setDiff(got, want), setDiff(want, got)
		t.Fatalf("%d code pointers, the reference found %d; %d more (first %#x), %d fewer (first %#x)", len(got), len(want), len(extra), first(extra), len(missing), first(missing))
	}
	if set.len() != len(want) {
		t.Errorf("the set says it holds %d words, it holds %d", set.len(), len(want))
	}
	// Pieces of 8, 24 and 64 words: runs cross many of them.
	for _, piece := range []uintptr{64, 192, 512} {
		if got := codePointersInPieces(orig, self, ranges, funcAlign, 3, piece).words(); !slices.Equal(got, want) {
			t.Fatalf("in pieces of %d bytes: %d code pointers, the reference found %d", piece, len(got), len(want))
		}
	}
	if len(want) == 0 {
		t.Errorf("no code pointers found in read-only data %v", ranges)
	}
	return want
}

func setDiff(a, b []uintptr) []uintptr {
	var out []uintptr
	for _, x := range a {
		if _, ok := slices.BinarySearch(b, x); !ok {
			out = append(out, x)
		}
	}
	return out
}

func first(a []uintptr) uintptr {
	if len(a) == 0 {
		return 0
	}
	return a[0]
}

func TestScanParts(t *testing.T) {
	r := memRange{start: 0x1003, end: 0x2000}
	skip := [][2]uintptr{{0x1800, 0x1a01}, {0x1100, 0x1200}, {0x1900, 0x1b00}, {0x3000, 0x4000}}
	got := scanParts(r, skip)
	want := [][2]uintptr{{0x1008, 0x1100}, {0x1200, 0x1800}, {0x1b00, 0x1ff9}}
	if !slices.Equal(got, want) {
		t.Errorf("scanParts = %#x, want %#x", got, want)
	}
}

// markBlock and markShort must find every word of their kinds. They may
// mark a few others (their callers check each word), but not many.
func TestMarkBlock(t *testing.T) {
	rng := rand.New(rand.NewSource(12))
	for i := 0; i < 4096; i++ {
		var blk, out [64]uint32
		for j := range blk {
			blk[j] = rng.Uint32()
			if rng.Intn(2) == 0 { // one of the kinds' top bytes, often
				tops := []uint32{0x90, 0xb0, 0xd0, 0xf0, 0x14, 0x17, 0x94, 0x97, 0x18, 0x5c, 0x98, 0xdc, 0x54, 0x34, 0xb5, 0x36, 0xb7, 0x10, 0x70}
				blk[j] = blk[j]&0xffffff | tops[rng.Intn(len(tops))]<<24
			}
		}
		adrps, branches, literals := markBlock(&out, &blk)
		short := markShort(&blk)
		if out != blk {
			t.Fatal("markBlock did not copy the block")
		}
		got := make([]string, 64)
		for _, m := range []struct {
			mask uint64
			name string
		}{{adrps, "ADRP"}, {branches, "B/BL"}, {literals, "LDRLit"}, {short, "short"}} {
			for x := m.mask; x != 0; x &= x - 1 {
				got[blockWord(x)] += m.name
			}
		}
		extra := 0
		for j, inst := range blk {
			want := ""
			switch arm64insn.Classify(inst) {
			case arm64insn.ADRP:
				want = "ADRP"
			case arm64insn.B, arm64insn.BL:
				if inst&(1<<25) == 0 { // forward: backward ones never leave the text
					want = "B/BL"
				}
			case arm64insn.LDRLit:
				want = "LDRLit"
			case arm64insn.BCond, arm64insn.CB, arm64insn.TB, arm64insn.ADR:
				want = "short"
			}
			if want != "" && !strings.Contains(got[j], want) {
				t.Fatalf("word %d, %#08x: marked %q, Classify says %q", j, inst, got[j], want)
			}
			if got[j] != want {
				extra++
			}
		}
		if extra > 16 {
			t.Fatalf("%d of 64 words marked as a kind they are not", extra)
		}
	}
}

// negative is -n as an offset: the copy below the text.
func negative(n uintptr) uintptr { return -n }

// each calls f for every word of range i, in address order.
func (s *codePointerSet) each(i int, f func(a uintptr)) {
	base := wordBase(s.ranges[i])
	for j, x := range s.bits[i] {
		for ; x != 0; x &= x - 1 {
			f(base + uintptr(j*64+bits.TrailingZeros64(x))*8)
		}
	}
}

// words returns every word of the set, sorted.
func (s *codePointerSet) words() []uintptr {
	var out []uintptr
	for i := range s.ranges {
		s.each(i, func(a uintptr) { out = append(out, a) })
	}
	out = append(out, s.writable...)
	slices.Sort(out)
	return out
}
