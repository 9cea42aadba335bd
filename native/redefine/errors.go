package redefine

import "errors"

// Errors callers can test for with errors.Is. Every error the engine returns
// wraps one of these with the details: which function, and what to do.
var (
	// ErrNotFunc: an argument is not a func value, or is nil.
	ErrNotFunc = errors.New("not a non-nil func value")

	// ErrTypeMismatch: the replacement's type differs from the target's.
	ErrTypeMismatch = errors.New("replacement type does not match target")

	// ErrNotFound: no function of that name is linked into the program.
	ErrNotFound = errors.New("no such function in this program")

	// ErrUnpatchable: the target cannot be redefined safely (too short, a
	// runtime function, a generic instantiation, a closure with captured
	// variables, code the engine cannot relocate, ...).
	ErrUnpatchable = errors.New("function cannot be redefined")

	// ErrInlined: the redefinition is in place, but the compiler inlined
	// the target into some callers, and those call sites keep the original
	// behaviour. Build with -gcflags=all=-l to prevent it.
	ErrInlined = errors.New("target was inlined into callers")

	// ErrUnsupported: this platform, Go release or strategy is not
	// supported.
	ErrUnsupported = errors.New("not supported")

	// ErrNotRedefined: Restore of a function that is not redefined.
	ErrNotRedefined = errors.New("function is not redefined")
)
