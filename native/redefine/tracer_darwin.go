package redefine

import (
	"syscall"
	"unsafe"
)

// tracerPID returns 1 when a debugger traces this process, 0 otherwise:
// macOS does not say which process traces, but sets P_TRACED in the
// process's flags, which sysctl(KERN_PROC_PID) reports (as Apple's
// technical Q&A QA1361 does). debugserver, through which Delve runs a
// program on macOS, sets it.
func tracerPID() (int, error) {
	const (
		ctlKern     = 1
		kernProc    = 14
		kernProcPID = 1
		pTraced     = 0x800
		kinfoSize   = 648 // sizeof(struct kinfo_proc), 64-bit
		pFlagOffset = 32  // kp_proc.p_flag: after p_un (16), p_vmspace, p_sigacts
	)
	mib := [4]int32{ctlKern, kernProc, kernProcPID, int32(syscall.Getpid())}
	var info [kinfoSize]byte
	size := uintptr(len(info))
	_, _, errno := syscall6(libc_sysctl_trampoline_addr, uintptr(unsafe.Pointer(&mib[0])), uintptr(len(mib)),
		uintptr(unsafe.Pointer(&info[0])), uintptr(unsafe.Pointer(&size)), 0, 0)
	if errno != 0 {
		return 0, errno
	}
	if size < pFlagOffset+4 {
		return 0, errorString("sysctl KERN_PROC_PID returned too little")
	}
	if *(*int32)(unsafe.Pointer(&info[pFlagOffset]))&pTraced != 0 {
		return 1, nil
	}
	return 0, nil
}

//go:cgo_import_dynamic libc_sysctl sysctl "/usr/lib/libSystem.B.dylib"

// libc_sysctl_trampoline_addr is the address of the trampoline in
// tracer_darwin.s.
var libc_sysctl_trampoline_addr uintptr
