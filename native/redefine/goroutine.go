package redefine

import (
	"fmt"
	"runtime"
	"unsafe"
)

// A thunk (the dispatcher of one redefined function, amd64_thunk.go,
// arm64_thunk.go) reads two fields of the running goroutine's runtime.g at
// the offsets below, which the layout file of each release
// gives (gGoidOff, gLabelsOff) and verifyGoroutineLayout checks against the
// live runtime before anything is patched:
//
//   - goid is 0 for the runtime's system goroutines (each thread's g0 and
//     signal goroutine, which runtime.malg makes without an id) and only for
//     them: runtime.newproc1 numbers every goroutine from 1.
//   - labels is the goroutine's profiler label set, which newproc1 copies
//     from the goroutine that starts it (user goroutines only). The engine
//     marks the goroutines of a scope with a label set of its own (scope.go).
//
// getg returns the running goroutine's runtime.g (getg_*.s).
func getg() unsafe.Pointer

// The runtime keeps its label accessors linkable for runtime/pprof and for
// packages that keep goroutine-local state in labels (go.dev/issue/67401).

//go:linkname setProfLabel runtime/pprof.runtime_setProfLabel
func setProfLabel(labels unsafe.Pointer)

//go:linkname getProfLabel runtime/pprof.runtime_getProfLabel
func getProfLabel() unsafe.Pointer

// goid returns the running goroutine's id as the dispatcher reads it.
func goid() uint64 { return *(*uint64)(unsafe.Add(getg(), gGoidOff)) }

// verifyGoroutineLayout checks both offsets on the running goroutine: the
// label set it stores must be read back at gLabelsOffset, and the id the
// runtime prints in a stack trace must sit at gGoidOffset.
func verifyGoroutineLayout() error {
	g := getg()
	old := getProfLabel()
	probe := new(byte)
	setProfLabel(unsafe.Pointer(probe))
	seen := *(*unsafe.Pointer)(unsafe.Add(g, gLabelsOff))
	setProfLabel(old)
	if seen != unsafe.Pointer(probe) {
		return fmt.Errorf("goroutine labels are not at offset %d of runtime.g", gLabelsOff)
	}
	id, ok := stackGoid()
	if !ok {
		return fmt.Errorf("runtime.Stack printed no goroutine id")
	}
	if got := goid(); got != id {
		return fmt.Errorf("goroutine id at offset %d of runtime.g is %d, runtime.Stack says %d", gGoidOff, got, id)
	}
	return nil
}

// stackGoid reads the running goroutine's id from the first line of its
// stack trace: "goroutine 18 [running]:".
func stackGoid() (uint64, bool) {
	var buf [64]byte
	b := buf[:runtime.Stack(buf[:], false)]
	const prefix = "goroutine "
	if len(b) < len(prefix) || string(b[:len(prefix)]) != prefix {
		return 0, false
	}
	var id uint64
	n := 0
	for _, c := range b[len(prefix):] {
		if c < '0' || c > '9' {
			break
		}
		id = id*10 + uint64(c-'0')
		n++
	}
	return id, n > 0
}
