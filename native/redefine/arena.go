package redefine

import (
	"fmt"
	"sort"
)

// Code the engine generates (thunks, trampolines, landing pads) lives in
// chunks of memory mapped near the code that reaches it: within the reach of
// one branch instruction, and on amd64 at addresses the entry's jump may
// land on (a codeWindow, see amd64_site.go). Pieces are written before
// anything can reach them, and never taken back: a goroutine may still be
// inside a trampoline.

// chunkSize is how much one mapping holds.
const chunkSize = 1 << 20

type codeChunk struct {
	base, end uintptr
	used      []span // sorted, disjoint
}

type span struct{ start, end uintptr }

// chunks are the mapped chunks. mu (patch.go) guards them.
var chunks []*codeChunk

// codeWindow says which addresses a jump may land on: a jump whose
// displacement (counted from the address after it) is d lands at from+d,
// and d must satisfy d&mask == val. mask covers whole bytes of the 32-bit
// displacement, from a lowest to a highest one.
type codeWindow struct {
	from      uintptr
	mask, val uint32
}

// admits reports whether a jump at w may land on a.
func (w *codeWindow) admits(a uintptr) bool {
	d := int64(a) - int64(w.from)
	return fitsSigned(d, 32) && uint32(d)&w.mask == w.val
}

// next returns the lowest address at or after a that w admits, or 0.
func (w *codeWindow) next(a uintptr) uintptr {
	if w.mask == 0 {
		return a
	}
	low := uint(0) // free low bits
	for w.mask&(1<<low) == 0 {
		low++
	}
	high := uint(32) // first free bit above the fixed ones
	for high > 0 && w.mask&(1<<(high-1)) == 0 {
		high--
	}
	period := int64(1) << high
	fixed := int64(w.val & w.mask)
	d := int64(a) - int64(w.from)
	base := floorDiv(d, period) * period
	mid := d - base // within one period
	switch {
	case mid < fixed:
		d = base + fixed
	case mid < fixed+int64(1)<<low:
		// inside the window
	default:
		d = base + period + fixed
	}
	if !fitsSigned(d, 32) || int64(w.from)+d <= 0 {
		return 0
	}
	return uintptr(int64(w.from) + d)
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// allocCode reserves n bytes within reach of every address in near and,
// when w is not nil, starting at an address w admits.
func allocCode(n uintptr, near []uintptr, reach int64, w *codeWindow) (uintptr, error) {
	ok := func(a uintptr) bool {
		for _, p := range near {
			if d := int64(a) - int64(p); d <= -reach || d+int64(n) >= reach {
				return false
			}
		}
		return w == nil || w.admits(a)
	}
	for _, c := range chunks {
		if a := c.find(n, ok, w); a != 0 {
			c.reserve(a, n)
			return a, nil
		}
	}
	for _, hint := range chunkHints(near, reach, w) {
		base, err := mapCodeAt(hint, chunkSize)
		if err != nil {
			continue
		}
		if base != hint {
			_ = munmap(base, chunkSize)
			continue
		}
		c := &codeChunk{base: base, end: base + chunkSize}
		chunks = append(chunks, c)
		if a := c.find(n, ok, w); a != 0 {
			c.reserve(a, n)
			return a, nil
		}
	}
	where := fmt.Sprintf("within %d MiB of %#x", reach>>20, near)
	if w != nil {
		where += fmt.Sprintf(" where a jump from %#x may land (displacement&%#x == %#x)", w.from, w.mask, w.val)
	}
	return 0, fmt.Errorf("no free memory %s for generated code: %w", where, ErrUnsupported)
}

// find returns the lowest free address in c where n bytes fit and ok
// holds, or 0.
func (c *codeChunk) find(n uintptr, ok func(uintptr) bool, w *codeWindow) uintptr {
	gapStart := c.base
	for i := 0; i <= len(c.used); i++ {
		gapEnd := c.end
		if i < len(c.used) {
			gapEnd = c.used[i].start
		}
		for a := gapStart; a != 0 && a+n <= gapEnd; {
			if w != nil {
				if a = w.next(a); a == 0 || a+n > gapEnd {
					break
				}
			}
			if ok(a) {
				return a
			}
			if w == nil {
				break // the reach test fails for the rest of the gap too, or passes at its start
			}
			a++
		}
		if i < len(c.used) {
			gapStart = c.used[i].end
		}
	}
	return 0
}

func (c *codeChunk) reserve(a, n uintptr) {
	c.used = append(c.used, span{a, a + n})
	sort.Slice(c.used, func(i, j int) bool { return c.used[i].start < c.used[j].start })
}

// chunkHints lists page-aligned addresses to map a new chunk at: at the
// windows w admits nearest to w.from, or around near[0] at growing
// distances.
func chunkHints(near []uintptr, reach int64, w *codeWindow) []uintptr {
	var hints []uintptr
	if w != nil && w.mask != 0 {
		high := uint(32)
		for w.mask&(1<<(high-1)) == 0 {
			high--
		}
		period, fixed := int64(1)<<high, int64(w.val&w.mask)
		var ds []int64
		k0 := floorDiv(-fixed, period)
		for i := int64(0); i < 64; i++ {
			for _, k := range []int64{k0 - i, k0 + 1 + i} {
				if d := k*period + fixed; fitsSigned(d, 32) && int64(w.from)+d > 1<<16 {
					ds = append(ds, d)
				}
			}
		}
		sort.Slice(ds, func(i, j int) bool { return abs64(ds[i]) < abs64(ds[j]) })
		for _, d := range ds {
			hints = append(hints, pageDown(uintptr(int64(w.from)+d)))
		}
		return hints
	}
	const step = 1 << 20
	base := pageDown(near[0])
	for i := uintptr(1); int64(i*step) < reach; i *= 2 {
		for _, h := range []uintptr{base + i*step, base - i*step} {
			if h <= base+i*step && h > 1<<16 {
				hints = append(hints, h)
			}
		}
	}
	return hints
}

func abs64(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}

// mapNear maps size bytes of read-write memory whose every byte is within
// reach of addr, trying hints on both sides of it.
func mapNear(addr uintptr, reach int64, size uintptr) (uintptr, error) {
	const step = 1 << 20
	within := func(p uintptr) bool {
		d1, d2 := int64(p)-int64(addr), int64(p+size)-int64(addr)
		return d1 > -reach && d1 < reach && d2 > -reach && d2 < reach
	}
	base := pageDown(addr)
	for i := uintptr(1); int64(i*step) < reach; i *= 2 {
		for _, hint := range []uintptr{base + i*step, base - i*step} {
			if hint > base+i*step || hint == 0 { // wrapped below zero
				continue
			}
			p, err := mmapHint(hint, size)
			if err != nil {
				continue
			}
			if within(p) {
				return p, nil
			}
			_ = munmap(p, size)
		}
	}
	return 0, errNoNearMemory(addr, reach)
}

func errNoNearMemory(addr uintptr, reach int64) error {
	return fmt.Errorf("no free memory within %d MiB of %#x for generated code: %w", reach>>20, addr, ErrUnsupported)
}
