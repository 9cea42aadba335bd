package redefine

import "fmt"

// duplicate runs the program from a relocated copy of its text and patches
// the copy: the route on darwin/arm64. It arrives with part 2 of the engine.
type duplicate struct{}

func newDuplicate() *duplicate { return &duplicate{} }

func (*duplicate) name() string { return "duplicate" }
func (*duplicate) prepare() error {
	return fmt.Errorf("the duplicate strategy (needed on darwin/arm64) is not available yet: %w", ErrUnsupported)
}
func (*duplicate) codeAddr(pc uintptr) uintptr            { return pc }
func (*duplicate) writeCode(addr uintptr, b []byte) error { return ErrUnsupported }
