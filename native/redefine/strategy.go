package redefine

import (
	"fmt"
	"os"
	"runtime"
	"sync"
)

// A strategy decides where the code that runs lives and how it is written.
// inplace patches the program's own text; duplicate (darwin/arm64, where the
// text can never be made writable) runs the program from a copy and patches
// the copy. Other variants (a double mapping of the text, say) fit here
// without touching the rest of the engine.
type strategy interface {
	name() string
	// prepare runs once, before the first patch.
	prepare() error
	// codeAddr maps an address in the program's text to the address where
	// that instruction now runs.
	codeAddr(pc uintptr) uintptr
	// writeCode stores b at addr in running code; a store of one aligned
	// word (or less, within one) is atomic.
	writeCode(addr uintptr, b []byte) error
}

// strategyEnv selects the strategy: auto (default), inplace or duplicate.
const strategyEnv = "REDEFINE_STRATEGY"

var (
	activeOnce     sync.Once
	activeStrategy strategy
	activeErr      error
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
		s, err := chooseStrategy(os.Getenv(strategyEnv))
		if err == nil {
			err = s.prepare()
		}
		activeStrategy, activeErr = s, err
	})
	return activeStrategy, activeErr
}

// chooseStrategy maps the REDEFINE_STRATEGY value to a strategy.
func chooseStrategy(v string) (strategy, error) {
	switch v {
	case "", "auto":
		if runtime.GOOS == "darwin" && runtime.GOARCH == "arm64" {
			return newDuplicate(), nil
		}
		return &inplace{}, nil
	case "inplace":
		return &inplace{}, nil
	case "duplicate":
		return newDuplicate(), nil
	}
	return nil, fmt.Errorf("%s=%q: want auto, inplace or duplicate: %w", strategyEnv, v, ErrUnsupported)
}

// StrategyName returns the strategy the engine uses in this process
// ("inplace" or "duplicate"), or an error saying why none can be used.
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
