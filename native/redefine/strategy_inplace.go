package redefine

import (
	"encoding/binary"
	"fmt"
	"runtime"
	"sync/atomic"
	"unsafe"
)

// inplace writes into the program's own text: the page is made writable
// (and stays executable, since other threads may be running on it) for the
// write, then returned to read+execute. On darwin/arm64 the kernel refuses
// this; the duplicate strategy exists for that.
type inplace struct{}

func (*inplace) name() string                    { return "inplace" }
func (*inplace) prepare() error                  { return nil }
func (*inplace) codeAddr(pc uintptr) uintptr     { return pc }
func (*inplace) originalAddr(pc uintptr) uintptr { return pc }

func (*inplace) writeCode(addr uintptr, b []byte) error {
	start, end := pageDown(addr), pageUp(addr+uintptr(len(b))+8)
	if err := mprotect(start, end-start, protRead|protWrite|protExec); err != nil {
		if runtime.GOOS == "darwin" && runtime.GOARCH == "arm64" {
			return fmt.Errorf("making the text writable: %v (macOS on Apple silicon never allows it; use REDEFINE_STRATEGY=duplicate or auto): %w", err, ErrUnsupported)
		}
		return fmt.Errorf("making the text writable: %w", err)
	}
	storeCode(addr, b)
	flushICache(addr, addr+uintptr(len(b)))
	if err := mprotect(start, end-start, protRead|protExec); err != nil {
		return fmt.Errorf("making the text read-only again: %w", err)
	}
	return nil
}

// storeCode writes b at addr so that a thread executing there sees either
// the old or the new instruction: with one atomic store when b lies within
// an aligned 8-byte word (the entry patch always does), or per aligned
// 4-byte word on arm64. Other writes (amd64 jump retargets that straddle a
// word) use one unaligned 8-byte store, which x86 performs atomically within
// a cache line (Intel SDM vol. 3, 9.1.1), and plain copies otherwise.
func storeCode(addr uintptr, b []byte) {
	n := uintptr(len(b))
	word := addr &^ 7
	switch {
	case addr+n <= word+8:
		p := (*uint64)(addrPtr(word))
		var buf [8]byte
		binary.LittleEndian.PutUint64(buf[:], atomic.LoadUint64(p))
		copy(buf[addr-word:], b)
		atomic.StoreUint64(p, binary.LittleEndian.Uint64(buf[:]))
	case hostArch == arm64Arch && addr&3 == 0 && n&3 == 0:
		for i := uintptr(0); i < n; i += 4 {
			atomic.StoreUint32((*uint32)(addrPtr(addr+i)), binary.LittleEndian.Uint32(b[i:]))
		}
	case hostArch == amd64Arch && n <= 8 && addr&63+8 <= 64:
		p := (*[8]byte)(addrPtr(addr))
		buf := *p
		copy(buf[:], b)
		*(*uint64)(unsafe.Pointer(p)) = binary.LittleEndian.Uint64(buf[:])
	default:
		copy(bytesAt(addr, n), b)
	}
}
