package redefine

import "unsafe"

// Memory protections, shared by the platform files.
const (
	protRead  = 0x1
	protWrite = 0x2
	protExec  = 0x4
)

// addrPtr turns an address of static or engine-owned memory into a pointer.
// Every caller passes memory the garbage collector does not manage (text,
// the pclntab, code arenas), so the conversion cannot hide a heap object.
func addrPtr(a uintptr) unsafe.Pointer { return *(*unsafe.Pointer)(unsafe.Pointer(&a)) }

// bytesAt is the memory [a, a+n) as a byte slice.
func bytesAt(a, n uintptr) []byte { return unsafe.Slice((*byte)(addrPtr(a)), n) }

func pageSize() uintptr { return uintptr(osPageSize) }

func pageDown(a uintptr) uintptr { return a &^ (pageSize() - 1) }

func pageUp(a uintptr) uintptr { return (a + pageSize() - 1) &^ (pageSize() - 1) }

// memRange is mapped memory [start, end) with its protection.
type memRange struct {
	start, end uintptr
	prot       int
}
