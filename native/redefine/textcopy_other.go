//go:build !linux && !(darwin && arm64)

package redefine

import "fmt"

// The duplicate strategy runs on linux and darwin/arm64 only.

func mapTextCopy(near uintptr, reach int64, size uintptr) (uintptr, error) {
	return 0, fmt.Errorf("copying the text: %w", ErrUnsupported)
}
func writingTextCopy(f func())                   { f() }
func sealTextCopy(addr, size uintptr) error      { return ErrUnsupported }
func writeTextCopy(addr uintptr, b []byte) error { return ErrUnsupported }

func textCopyEnd(md *moduledata) uintptr { return pageUp(md.etext) }
