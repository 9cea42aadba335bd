package redefine

import (
	"fmt"
)

// Code the engine generates (thunks and trampolines) lives in pages mapped
// near the code it is reached from, so that the entry branch, a single
// instruction, can reach it. Each page is written once, while nothing can
// run it yet (writeCodePage), and no running code is rewritten in it. Pages
// are never unmapped: a goroutine may still be inside a trampoline.
//
// Pages come from chunks mapped near the text, one mmap per chunkPages
// pages (mapCodeChunk: plain memory, or MAP_JIT on Apple silicon).

const chunkPages = 256

type codeChunk struct {
	base, next, end uintptr
}

// chunks are the mapped chunks. mu (patch.go) guards them.
var chunks []*codeChunk

// allocPage returns a fresh page within reach of addr.
func allocPage(addr uintptr, reach int64) (uintptr, error) {
	ps := pageSize()
	within := func(p uintptr) bool {
		d1, d2 := int64(p)-int64(addr), int64(p+ps)-int64(addr)
		return d1 > -reach && d1 < reach && d2 > -reach && d2 < reach
	}
	for _, c := range chunks {
		if c.next < c.end && within(c.next) {
			p := c.next
			c.next += ps
			return p, nil
		}
	}
	base, err := mapCodeChunk(addr, reach, chunkPages*ps)
	if err != nil {
		return 0, err
	}
	chunks = append(chunks, &codeChunk{base: base, next: base + ps, end: base + chunkPages*ps})
	return base, nil
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
