package redefine

import (
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"unsafe"
)

// The compiler records, for every function, a tree of the calls it inlined
// (FUNCDATA_InlTree) and, per PC, which node of that tree the instruction
// belongs to (PCDATA_InlTreeIndex). A call site that was inlined never
// reaches the patched entry; these tables let the engine say exactly where.

// inlineSite is one place where a function was inlined.
type inlineSite struct {
	fn       int   // index of the function it was inlined into
	parentPc int32 // offset, in that function, of an instruction at the call site
}

var (
	inlineIndexOnce sync.Once
	inlineIndex     map[string][]inlineSite // callee name → sites
)

// buildInlineIndex reads every function's inline tree once.
//
// The number of nodes in a tree is not recorded anywhere. The PC table names
// the nodes that still own instructions, but a call the compiler folded
// away completely (x+1 inlined into y*2 becomes one LEA) keeps its node and
// owns no PC. So the engine reads on past the last node the PC table names,
// for as long as what follows is a well-formed node of this function and
// stays below the next funcdata of any function (trees are laid out in the
// same read-only region, one after another).
func buildInlineIndex() {
	md := mainModule
	bounds := funcdataBounds(md)
	inlineIndex = map[string][]inlineSite{}
	for i := 0; i < md.nfuncs(); i++ {
		fi := md.funcAt(i)
		tree := fi.funcdata(funcdataInlTree)
		if tree == nil {
			continue
		}
		n := int32(-1)
		md.pcvalueTable(fi, fi.pcdataOffset(pcdataInlTreeIndex), func(_, _ uintptr, v int32) { n = max(n, v) })
		size := md.funcEnd(i) - fi.entry()
		limit := nextBound(bounds, uintptr(tree))
		for k := int32(0); ; k++ {
			node := unsafe.Add(tree, uintptr(k)*unsafe.Sizeof(inlinedCall{}))
			if uintptr(node)+unsafe.Sizeof(inlinedCall{}) > limit {
				break
			}
			call := (*inlinedCall)(node)
			if k > n && !md.plausibleInlineNode(call, size) {
				break
			}
			name := md.cstring(md.funcnametab, int(call.nameOff))
			inlineIndex[name] = append(inlineIndex[name], inlineSite{fn: i, parentPc: call.parentPc})
		}
	}
}

// plausibleInlineNode checks the shape of a node the PC table does not name.
func (md *moduledata) plausibleInlineNode(c *inlinedCall, fnSize uintptr) bool {
	off := int(c.nameOff)
	return c.pad == [3]byte{} &&
		off > 0 && off < len(md.funcnametab) && md.funcnametab[off-1] == 0 && md.funcnametab[off] != 0 &&
		c.parentPc >= 0 && uintptr(c.parentPc) < fnSize &&
		c.startLine > 0 && c.startLine < 1<<24
}

// funcdataBounds returns every funcdata address of the module, sorted.
func funcdataBounds(md *moduledata) []uintptr {
	var b []uintptr
	for i := 0; i < md.nfuncs(); i++ {
		fi := md.funcAt(i)
		for k := uint8(0); k < fi.f.nfuncdata; k++ {
			if p := fi.funcdata(k); p != nil {
				b = append(b, uintptr(p))
			}
		}
	}
	slices.Sort(b)
	return b
}

// nextBound returns the first bound above p, or p plus a generous cap.
func nextBound(bounds []uintptr, p uintptr) uintptr {
	i, _ := slices.BinarySearch(bounds, p+1)
	if i < len(bounds) {
		return bounds[i]
	}
	return p + 1<<16
}

// inlinedInto describes where t was inlined, at most max sites, and how many
// there are in all.
func inlinedInto(t target, maxSites int) (sites []string, total int) {
	inlineIndexOnce.Do(buildInlineIndex)
	all := inlineIndex[t.name]
	if t.inst != nil {
		// An inlined shape body may belong to any instantiation of its
		// shape; an inlined wrapper to this one.
		all = append(append([]inlineSite(nil), inlineIndex[t.inst.name]...), all...)
	}
	for _, s := range all {
		if len(sites) == maxSites {
			break
		}
		pc := mainModule.funcAt(s.fn).entry() + uintptr(s.parentPc)
		frames := runtime.CallersFrames([]uintptr{pc + 1})
		f, _ := frames.Next()
		sites = append(sites, fmt.Sprintf("%s (%s:%d)", f.Function, f.File, f.Line))
	}
	return sites, len(all)
}

// inlinedWarning returns an ErrInlined error when t was inlined anywhere.
func inlinedWarning(t target) error {
	sites, total := inlinedInto(t, 3)
	if total == 0 {
		return nil
	}
	more := ""
	if total > len(sites) {
		more = fmt.Sprintf(" and %d more", total-len(sites))
	}
	return fmt.Errorf("%s is redefined, but it was inlined into %s%s: %w; those calls still run the original (build with -gcflags=all=-l to prevent inlining)",
		t.displayName(), strings.Join(sites, ", "), more, ErrInlined)
}
