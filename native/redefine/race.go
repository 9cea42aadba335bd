//go:build race || redefine_racegate

package redefine

import "sync/atomic"

// Under the race detector, a thunk makes every call of a replacement load
// raceEpoch (an atomic the detector sees, racegate_*.s) before the
// replacement runs, and every redefinition increments it before
// it is published: the detector then knows that what the redefining
// goroutine did before (setting up what a replacement closure captured, say)
// happens before every call of the replacement. The thunk's own load of the
// replacement is machine code the detector cannot see.
var raceEpoch atomic.Int64

// The tag redefine_racegate builds the gate without the race detector, so
// that its register handling is tested where the detector cannot run
// (qemu).

// raceGateAddr returns the address of raceGate (racegate_*.s), which
// thunks call in these builds.
func raceGateAddr() uintptr

// raceRedefined marks a redefinition about to be published.
func raceRedefined() { raceEpoch.Add(1) }
