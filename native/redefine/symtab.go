package redefine

import (
	"unsafe"
)

// The engine reads the runtime's own function table (the pclntab) instead of
// the executable's symbol table: it is always present, even in stripped
// binaries, and it is what tracebacks and runtime.FuncForPC use.

//go:linkname lastmoduledatap runtime.lastmoduledatap
var lastmoduledatap *moduledata

// mainModule is the program's own module, captured before the duplicate
// strategy links a second one after it.
var mainModule = lastmoduledatap

// funcInfo is one function of a module's table.
type funcInfo struct {
	md *moduledata
	f  *funcHeader
}

func (fi funcInfo) valid() bool { return fi.f != nil }

// entry is the address of the function's first instruction.
func (fi funcInfo) entry() uintptr { return fi.md.textAddr(fi.f.entryOff) }

// name is the symbol name runtime.FuncForPC prints.
func (fi funcInfo) name() string { return fi.md.cstring(fi.md.funcnametab, int(fi.f.nameOff)) }

// pcdataOffset returns the pctab offset of table i, or 0 when absent.
func (fi funcInfo) pcdataOffset(i uint32) uint32 {
	if i >= fi.f.npcdata {
		return 0
	}
	p := unsafe.Add(unsafe.Pointer(fi.f), unsafe.Sizeof(funcHeader{})+uintptr(i)*4)
	return *(*uint32)(p)
}

// funcdata returns the address of funcdata i, or nil when absent.
func (fi funcInfo) funcdata(i uint8) unsafe.Pointer {
	if i >= fi.f.nfuncdata {
		return nil
	}
	p := unsafe.Add(unsafe.Pointer(fi.f), unsafe.Sizeof(funcHeader{})+uintptr(fi.f.npcdata)*4+uintptr(i)*4)
	off := *(*uint32)(p)
	if off == ^uint32(0) {
		return nil
	}
	return addrPtr(fi.md.gofunc + uintptr(off))
}

// textAddr turns a text offset into an address (runtime.moduledata.textAddr).
func (md *moduledata) textAddr(off32 uint32) uintptr {
	off := uintptr(off32)
	if len(md.textsectmap) > 1 {
		for i, sect := range md.textsectmap {
			last := i == len(md.textsectmap)-1
			if off >= sect.vaddr && off < sect.end || last && off == sect.end {
				return sect.baseaddr + off - sect.vaddr
			}
		}
	}
	return md.text + off
}

// cstring reads the NUL-terminated string at off in tab without copying.
func (md *moduledata) cstring(tab []byte, off int) string {
	if off < 0 || off >= len(tab) {
		return ""
	}
	n := 0
	for off+n < len(tab) && tab[off+n] != 0 {
		n++
	}
	return unsafe.String(&tab[off], n)
}

// nfuncs is the number of functions in the module's table.
func (md *moduledata) nfuncs() int { return len(md.ftab) - 1 }

// funcAt returns function i of the table, in address order.
func (md *moduledata) funcAt(i int) funcInfo {
	return funcInfo{md, (*funcHeader)(unsafe.Pointer(&md.pclntable[md.ftab[i].funcoff]))}
}

// funcEnd returns the address just past function i: where the next function
// starts. Alignment padding between the two counts as part of function i.
func (md *moduledata) funcEnd(i int) uintptr { return md.textAddr(md.ftab[i+1].entryoff) }

// findfuncbucket mirrors runtime.findfuncbucket: the linker's index from
// 4 KiB of text (16 sub-buckets of 256 bytes) to a first function.
type findfuncbucket struct {
	idx        uint32
	subbuckets [16]byte
}

// findFunc returns the index of the function containing pc, or -1. It uses
// the linker's bucket index, as runtime.findfunc does, when the module has
// one text section; a binary search otherwise.
func (md *moduledata) findFunc(pc uintptr) int {
	if pc < md.minpc || pc >= md.maxpc {
		return -1
	}
	if md.findfunctab != 0 && len(md.textsectmap) <= 1 {
		x := pc - md.minpc
		b := (*findfuncbucket)(addrPtr(md.findfunctab + x/4096*unsafe.Sizeof(findfuncbucket{})))
		i := int(b.idx) + int(b.subbuckets[x%4096/256])
		for i+1 < len(md.ftab) && md.textAddr(md.ftab[i+1].entryoff) <= pc {
			i++
		}
		if i < md.nfuncs() && md.textAddr(md.ftab[i].entryoff) <= pc {
			return i
		}
		return -1
	}
	lo, hi := 0, md.nfuncs()
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if md.funcEnd(mid) <= pc {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	if lo >= md.nfuncs() || md.textAddr(md.ftab[lo].entryoff) > pc {
		return -1
	}
	return lo
}

// pcvalueTable walks a pc-value table (runtime.pcvalue's encoding): pairs of
// a zig-zag varint value delta and a varint pc delta, starting from value -1
// at the function entry. visit gets each run [startPC, endPC) and its value.
func (md *moduledata) pcvalueTable(fi funcInfo, off uint32, visit func(startPC, endPC uintptr, val int32)) {
	if off == 0 {
		return
	}
	p := md.pctab[off:]
	pc := fi.entry()
	val := int32(-1)
	quantum := uintptr(md.pcHeader.minLC)
	for first := true; ; first = false {
		uvdelta, n := readUvarint(p)
		if n == 0 || uvdelta == 0 && !first {
			return
		}
		p = p[n:]
		val += int32(-(uvdelta & 1) ^ (uvdelta >> 1))
		pcdelta, n := readUvarint(p)
		if n == 0 {
			return
		}
		p = p[n:]
		next := pc + uintptr(pcdelta)*quantum
		visit(pc, next, val)
		pc = next
	}
}

// readUvarint decodes an unsigned LEB128 value; n is 0 on malformed input.
func readUvarint(p []byte) (v uint32, n int) {
	var shift uint
	for i, b := range p {
		if i == 5 {
			return 0, 0
		}
		v |= uint32(b&0x7f) << shift
		if b&0x80 == 0 {
			return v, i + 1
		}
		shift += 7
	}
	return 0, 0
}
