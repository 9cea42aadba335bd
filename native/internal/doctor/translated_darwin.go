package doctor

import "syscall"

// translated reports whether this process runs under Rosetta: the kernel
// answers sysctl.proc_translated with 1 then, 0 for native, and has no such
// name on Intel Macs without Rosetta.
func translated() *bool {
	v, err := syscall.SysctlUint32("sysctl.proc_translated")
	b := err == nil && v == 1
	return &b
}
