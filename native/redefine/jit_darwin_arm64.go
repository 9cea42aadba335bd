package redefine

import _ "unsafe" // go:cgo_import_dynamic

// On Apple silicon, MAP_JIT memory is writable or executable per thread:
// pthread_jit_write_protect_np(0) makes it writable (and not executable) for
// the calling thread, (1) executable again. sys_icache_invalidate makes new
// instructions visible to instruction fetch.

//go:cgo_import_dynamic libc_pthread_jit_write_protect_np pthread_jit_write_protect_np "/usr/lib/libSystem.B.dylib"
//go:cgo_import_dynamic libc_sys_icache_invalidate sys_icache_invalidate "/usr/lib/libSystem.B.dylib"

var (
	libc_pthread_jit_write_protect_np_trampoline_addr uintptr
	libc_sys_icache_invalidate_trampoline_addr        uintptr
)

func jitWriteProtect(enabled bool) {
	v := uintptr(0)
	if enabled {
		v = 1
	}
	syscall6(libc_pthread_jit_write_protect_np_trampoline_addr, v, 0, 0, 0, 0, 0)
}

func flushICache(start, end uintptr) {
	syscall6(libc_sys_icache_invalidate_trampoline_addr, start, end-start, 0, 0, 0, 0)
}

// mapJIT maps size bytes of MAP_JIT memory near hint.
func mapJIT(hint, size uintptr) (uintptr, error) {
	return mmapFlags(hint, size, protRead|protWrite|protExec, darwinMapPrivate|darwinMapAnon|darwinMapJIT)
}
