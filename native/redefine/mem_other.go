//go:build !linux && !darwin

package redefine

import "fmt"

// Memory functions for operating systems the engine does not support; the
// platform check refuses before any of them is called.

var osPageSize = 4096

func mmapHint(hint, size uintptr) (uintptr, error) { return 0, fmt.Errorf("mmap: %w", ErrUnsupported) }
func munmap(addr, size uintptr) error              { return fmt.Errorf("munmap: %w", ErrUnsupported) }
func mprotect(addr, size uintptr, prot int) error  { return fmt.Errorf("mprotect: %w", ErrUnsupported) }
