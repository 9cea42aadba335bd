//go:build !race && !redefine_racegate

package redefine

// raceRedefined is a no-op without the race detector (see race.go).
func raceRedefined() {}

// raceGateAddr is 0: thunks call no gate (see race.go).
func raceGateAddr() uintptr { return 0 }
