//go:build race || redefine_racegate

package redefine

import "sync/atomic"

// Under the race detector, the dispatcher makes every call of a replacement
// load raceEpoch (an atomic the detector sees, dispatch_*.s: RACE_GATE)
// before the replacement runs, and every redefinition increments it before
// it is published: the detector then knows that what the redefining
// goroutine did before (setting up what a replacement closure captured, say)
// happens before every call of the replacement. The dispatcher's own load of
// the replacement is machine code the detector cannot see.
var raceEpoch atomic.Int64

// raceBuild tells dispatch_*.s (through go_asm.h) to pass the gate. The
// tag redefine_racegate builds the gate without the race detector, so that
// its register handling is tested where the detector cannot run (qemu).
const raceBuild = true

// raceRedefined marks a redefinition about to be published.
func raceRedefined() { raceEpoch.Add(1) }
