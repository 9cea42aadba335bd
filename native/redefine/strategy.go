package redefine

import (
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
)

// A strategy decides where the code that runs lives and how it is written.
// inplace patches the program's own text; duplicate (darwin/arm64, where the
// text can never be made writable) runs the program from a copy and patches
// the copy; debugger has the debugger that runs the program write its text
// (debug sessions, where breakpoints must be hit). Other variants (a double mapping of the text, say) fit here
// without touching the rest of the engine.
type strategy interface {
	name() string
	// prepare runs once, before the first patch.
	prepare() error
	// codeAddr maps an address in the program's text to the address where
	// that instruction now runs; originalAddr is its inverse.
	codeAddr(pc uintptr) uintptr
	originalAddr(pc uintptr) uintptr
	// writeCode stores b at addr in running code; a store of one aligned
	// word (or less, within one) is atomic.
	writeCode(addr uintptr, b []byte) error
}

// strategyEnv selects the strategy: auto (default), inplace, duplicate or
// debugger.
const strategyEnv = "REDEFINE_STRATEGY"

var (
	activeOnce     sync.Once
	activeStrategy strategy
	activeErr      error
	strategyReady  atomic.Bool
)

// currentStrategy returns the prepared strategy, choosing it on first use.
func currentStrategy() (strategy, error) {
	activeOnce.Do(func() {
		if err := checkPlatform(); err != nil {
			activeErr = err
			return
		}
		if err := checkLayout(); err != nil {
			activeErr = err
			return
		}
		s, err := chooseStrategy(getenv(strategyEnv))
		if err == nil {
			err = s.prepare()
		}
		activeStrategy, activeErr = s, err
		strategyReady.Store(true)
	})
	return activeStrategy, activeErr
}

// The duplicate strategy is prepared while this package initialises, in the
// main goroutine, before any user package runs: moving that goroutine into
// the copy then moves everything it starts later.
func init() {
	if wantsDuplicate(getenv(strategyEnv)) {
		_, _ = currentStrategy()
	}
}

func wantsDuplicate(v string) bool {
	return v == "duplicate" || (v == "" || v == "auto") && runtime.GOOS == "darwin" && runtime.GOARCH == "arm64"
}

// textPC maps a code address that may lie in the duplicate strategy's copy
// (func values point there once it runs) to the program's text. It is on
// Original's path, so it reads plain variables the duplicate strategy sets
// while the program initialises, before any goroutine of the user's runs.
func textPC(pc uintptr) uintptr {
	if pc-copyStart < copyEnd-copyStart {
		return pc - copyOffset
	}
	return pc
}

// The duplicate strategy's copy of the text: [copyStart, copyEnd) runs
// what lies copyOffset bytes lower. All zero without a copy.
var copyStart, copyEnd, copyOffset uintptr

// currentStrategyIfReady returns the strategy if one was prepared, without
// preparing one.
func currentStrategyIfReady() (strategy, error) {
	if !strategyReady.Load() {
		return nil, nil
	}
	return activeStrategy, activeErr
}

// chooseStrategy maps the REDEFINE_STRATEGY value to a strategy.
func chooseStrategy(v string) (strategy, error) {
	switch v {
	case "", "auto":
		if wantsDuplicate(v) {
			return newDuplicate(), nil
		}
		return &inplace{}, nil
	case "inplace":
		if runtime.GOOS == "darwin" && runtime.GOARCH == "arm64" {
			return nil, fmt.Errorf("%s=inplace: macOS on Apple silicon never lets a program write its own code; use auto or duplicate: %w", strategyEnv, ErrUnsupported)
		}
		return &inplace{}, nil
	case "duplicate":
		return newDuplicate(), nil
	case "debugger":
		return &debugger{}, nil
	}
	return nil, fmt.Errorf("%s=%q: want auto, inplace, duplicate or debugger: %w", strategyEnv, v, ErrUnsupported)
}

// StrategyName returns the strategy the engine uses in this process
// ("inplace", "duplicate" or "debugger"), or an error saying why none can be used.
func StrategyName() (string, error) {
	s, err := currentStrategy()
	if err != nil {
		return "", err
	}
	return s.name(), nil
}

// checkPlatform refuses operating systems and instruction sets the engine
// has no code for.
func checkPlatform() error {
	if hostArch == nil || runtime.GOOS != "linux" && runtime.GOOS != "darwin" {
		return fmt.Errorf("%s/%s: the engine supports linux and darwin on amd64 and arm64: %w",
			runtime.GOOS, runtime.GOARCH, ErrUnsupported)
	}
	return nil
}
