package redefine

import (
	"fmt"
	"os"
	"runtime/debug"
	"sync/atomic"
	"unsafe"
)

// duplicate runs the program from a relocated copy of its text and patches
// the copy: the only route on darwin/arm64, where a program can never write
// its own text, and available on linux/arm64 (REDEFINE_STRATEGY=duplicate),
// where every step of it runs under qemu in our tests. Preparing it, once:
//
//  1. copy the text (up to the page-rounded start of the read-only data: the
//     linker puts cgo stubs after etext) into new memory near the original,
//  2. re-encode the instructions that address data (arm64_duplicate.go);
//     steps 1 and 2 are one pass, shared among the program's cores,
//  3. register the copy with the runtime (register), so that tracebacks,
//     panics, stack growth, GC stack scans and profiling know its PCs,
//  4. point the code pointers in read-only data (the func values of
//     functions, the method tables of linker-built itabs, switch jump
//     tables: codepointers.go) at the copy,
//  5. move the calling goroutine's return addresses into the copy.
//
// Any failure before step 3 leaves the program as it was. The strategy is
// prepared eagerly by this package's init when it is selected, so that step
// 5 moves the main goroutine before user code starts other goroutines.
type duplicate struct {
	r      textRange
	offset uintptr // copy address - original address
	// write stores into the copy. It points into the original text: on
	// darwin/arm64 a thread that makes the copy writable cannot execute it.
	write *funcval
	// self is the program's own moduledata, which describes the copy once
	// registered (origModule describes the original text).
	self *moduledata
}

func newDuplicate() *duplicate { return &duplicate{} }

func (*duplicate) name() string { return "duplicate" }

func (d *duplicate) codeAddr(pc uintptr) uintptr {
	if d.r.inText(pc) {
		return pc + d.offset
	}
	return pc
}

// originalAddr maps an address in the copy back to the program's text.
func (d *duplicate) originalAddr(pc uintptr) uintptr {
	if pc >= d.r.start+d.offset && pc < d.r.end+d.offset {
		return pc - d.offset
	}
	return pc
}

func (d *duplicate) writeCode(addr uintptr, b []byte) error {
	return funcFromFuncval[func(uintptr, []byte) error](d.write)(addr, b)
}

// origModule describes the original text once the program's own moduledata
// describes the copy (see register). It is a package variable: the runtime
// keeps a pointer to it, so it must never be freed or moved.
var origModule moduledata

// dupTextsects is the copy's section map (see register).
var dupTextsects []textsect

func (d *duplicate) prepare() error {
	if hostArch != arm64Arch {
		return fmt.Errorf("the duplicate strategy relocates arm64 code only: %w", ErrUnsupported)
	}
	md := mainModule
	timing := newStepTimer(getenv("REDEFINE_DEBUG") == "timing")
	d.r = textRange{start: pageDown(md.text), end: textCopyEnd(md), module: pageDown(md.text), moduleEnd: md.end}
	size := d.r.end - d.r.start
	// ADRP reaches ±4 GiB: keeping the copy within 2 GiB of the text keeps
	// every re-encoded reference to data in reach.
	copyAt, err := mapTextCopy(d.r.start, 1<<31, size)
	if err != nil {
		return fmt.Errorf("duplicate: %w", err)
	}
	d.offset = copyAt - d.r.start
	timing.step("map")
	if err := d.fill(copyAt, size, timing); err != nil {
		_ = munmap(copyAt, size)
		return err
	}
	// The write function is called through the original text (see write).
	d.write = &funcval{fn: funcvalOf(writeTextCopy).fn}
	if d.write.fn >= copyAt && d.write.fn < copyAt+size {
		d.write.fn -= d.offset
	}

	copyStart, copyEnd, copyOffset = d.r.start+d.offset, d.r.end+d.offset, d.offset
	d.register(md)
	d.self = md
	timing.step("register")
	redirected, err := d.redirectCodePointers(&origModule, md)
	if err != nil {
		fmt.Fprintf(os.Stderr, "redefine: warning: %v\n", err)
	}
	redirected += d.redirectInitTasks(&origModule)
	timing.step(fmt.Sprintf("redirect %d code pointers", redirected))
	moved := moveReturnAddresses(origModule.text, origModule.etext, d.offset)
	timing.step(fmt.Sprintf("move %d return addresses", moved))
	timing.report(fmt.Sprintf("duplicate: %d bytes of text", size))
	return nil
}

// fill copies and relocates the text into the mapping at copyAt, on every
// core the program may use.
func (d *duplicate) fill(copyAt, size uintptr, timing *stepTimer) error {
	n, err := arm64RelocateCopy(bytesAt(copyAt, size), bytesAt(d.r.start, size), d.r, d.offset, defaultWorkers(), writingTextCopy)
	timing.step(fmt.Sprintf("copy and relocate %d instructions", n))
	if serr := sealTextCopy(copyAt, size); err == nil && serr != nil {
		err = fmt.Errorf("duplicate: making the copy executable: %w", serr)
	}
	return err
}

// register makes the runtime know both texts. The program's own moduledata
// (the first in the runtime's list) is switched to describe the copy, and a
// second one, linked after it, describes the original: the runtime resolves
// the text offsets of method tables (runtime-built itabs, reflect's method
// calls) through the first module whose types they belong to, so those now
// reach the copy, while PCs still in the original text keep a module.
//
// The garbage collector is paused around the switch, and the fields change
// in an order where every state is consistent for lookups of original PCs:
// the first module stops matching any PC, moves, then matches the copy.
func (d *duplicate) register(md *moduledata) {
	origModule = *md
	origModule.next = nil
	last := md
	for last.next != nil {
		last = last.next
	}
	atomic.StorePointer((*unsafe.Pointer)(unsafe.Pointer(&last.next)), unsafe.Pointer(&origModule))
	lastmoduledatap = &origModule

	// The program's moduledata lives where the garbage collector does not
	// look (go1.27 gives it a section of its own): the new section map must
	// be kept alive by a variable the collector scans.
	dupTextsects = append([]textsect(nil), md.textsectmap...)
	sects := dupTextsects
	for i := range sects {
		sects[i].baseaddr += d.offset
	}
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	atomic.StoreUintptr(&md.maxpc, 0)
	atomic.StoreUintptr(&md.minpc, origModule.minpc+d.offset)
	md.text += d.offset
	md.etext += d.offset
	md.textsectmap = sects
	atomic.StoreUintptr(&md.maxpc, origModule.maxpc+d.offset)

	// The engine's own lookups keep using original addresses.
	mainModule = &origModule
}

// redirectCodePointers points the code pointers of read-only data at the
// copy (see codepointers.go for which words those are), so that calls
// through them run the copy and see redefinitions. orig describes the
// original text; self is the program's moduledata.
func (d *duplicate) redirectCodePointers(orig, self *moduledata) (int, error) {
	set := codePointers(orig, self, readOnlyRanges(orig.rodata, orig.noptrdata), hostArch.funcAlign, defaultWorkers())
	return set.redirect(d.offset, defaultWorkers())
}

// redirectInitTasks points the package initialisers that have not run yet
// at the copy. runtime.doInit1 calls them through the addresses in each
// package's init task (writable data: state, count, then the functions),
// so without this every package initialised after the engine would run the
// original text. The engine's own task, in progress, is redirected too: the
// start-up redefinitions come after this init.
func (d *duplicate) redirectInitTasks(orig *moduledata) int {
	const done = 2
	n := 0
	for _, t := range orig.inittasks {
		if *(*uint32)(t) == done {
			continue
		}
		nfns := uintptr(*(*uint32)(unsafe.Add(t, 4)))
		for i := uintptr(0); i < nfns; i++ {
			p := (*uintptr)(unsafe.Add(t, 8+8*i))
			if *p >= orig.minpc && *p < orig.maxpc {
				atomic.AddUintptr(p, d.offset)
				n++
			}
		}
	}
	return n
}

// pclntabEnd is the end of the module's pclntab: the furthest end of the
// tables it holds.
func pclntabEnd(md *moduledata) uintptr {
	end := uintptr(0)
	for _, s := range [][]byte{md.funcnametab, md.filetab, md.pctab, md.pclntable} {
		end = max(end, uintptr(unsafe.Pointer(unsafe.SliceData(s)))+uintptr(len(s)))
	}
	ftab := uintptr(unsafe.Pointer(unsafe.SliceData(md.ftab))) + uintptr(len(md.ftab))*unsafe.Sizeof(functab{})
	return max(end, ftab)
}
