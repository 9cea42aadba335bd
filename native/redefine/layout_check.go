package redefine

import (
	"fmt"
	"runtime"
	"sync"
)

var (
	layoutOnce sync.Once
	layoutErr  error
)

// checkLayout verifies, once, that the moduledata copy compiled into the
// engine matches the live runtime, before a single byte is written: a
// mismatch would make every address the engine computes wrong.
func checkLayout() error {
	layoutOnce.Do(func() { layoutErr = verifyLayout(mainModule) })
	return layoutErr
}

func verifyLayout(md *moduledata) error {
	if err := verifyGoroutineLayout(); err != nil {
		return fmt.Errorf("the runtime of %s does not match the layout this engine knows for %s (%v); refusing to patch: %w", runtime.Version(), layoutRelease, err, ErrUnsupported)
	}
	fail := func(format string, args ...any) error {
		return fmt.Errorf("the runtime of %s does not match the layout this engine knows for %s (%s); refusing to patch: %w",
			runtime.Version(), layoutRelease, fmt.Sprintf(format, args...), ErrUnsupported)
	}
	if md == nil || md.pcHeader == nil {
		return fail("no module data")
	}
	h := md.pcHeader
	if h.magic != pclntabMagic || h.ptrSize != 8 {
		return fail("pclntab magic %#x, pointer size %d", h.magic, h.ptrSize)
	}
	if want := map[string]uint8{"amd64": 1, "arm64": 4}[runtime.GOARCH]; h.minLC != want {
		return fail("instruction quantum %d, want %d", h.minLC, want)
	}
	if len(md.ftab) < 2 || h.nfunc != len(md.ftab)-1 {
		return fail("%d functions in the table, header says %d", len(md.ftab)-1, h.nfunc)
	}
	if !(md.text <= md.minpc && md.minpc < md.maxpc && md.maxpc <= md.etext && md.etext <= md.rodata && md.rodata < md.end) {
		return fail("text %#x-%#x, pcs %#x-%#x, rodata %#x, end %#x out of order",
			md.text, md.etext, md.minpc, md.maxpc, md.rodata, md.end)
	}
	if md.textAddr(md.ftab[0].entryoff) != md.minpc {
		return fail("first function at %#x, minpc %#x", md.textAddr(md.ftab[0].entryoff), md.minpc)
	}
	// One of the engine's own functions must be where the runtime says, with
	// the same name.
	pc := funcvalOf(verifyLayout).fn
	i := md.findFunc(pc)
	rf := runtime.FuncForPC(pc)
	if i < 0 || rf == nil || md.funcAt(i).entry() != rf.Entry() || md.funcAt(i).name() != rf.Name() {
		return fail("function table lookup disagrees with runtime.FuncForPC")
	}
	return nil
}
