package stub

import (
	"errors"
	"fmt"
	"path/filepath"
)

// ErrNoFunction is wrapped by the errors that say a position names no
// function at all (nothing there, or a variable, a type, a package): an
// editor offers nothing there rather than a refusal.
var ErrNoFunction = errors.New("no function at this position")

// noFunction is an error that Is ErrNoFunction and keeps its own message.
type noFunction struct{ msg string }

func (e noFunction) Error() string        { return e.msg }
func (e noFunction) Is(target error) bool { return target == ErrNoFunction }

// AlreadyRedefinedError says the target already has a replacement in the
// package the stub would go to: a second one would only be refused (one
// binary links one replacement per target), so the way on is the first.
type AlreadyRedefinedError struct {
	Target      string // as the new stub's directive would name it
	Written     string // as the existing directive names it
	Replacement string // the existing replacement's function name ("" if unknown)
	File        string // the existing directive's file
	Line, Col   int    // and position (1-based; Col in bytes)
}

func (e *AlreadyRedefinedError) Error() string {
	by := ""
	if e.Replacement != "" {
		by = " by " + e.Replacement
	}
	return fmt.Sprintf("%s is already redefined%s at %s:%d: a target has one replacement in a build, so edit that one (or delete it first)",
		e.Written, by, filepath.Base(e.File), e.Line)
}
