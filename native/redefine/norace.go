//go:build !race && !redefine_racegate

package redefine

// raceRedefined is a no-op without the race detector (see race.go).
func raceRedefined() {}
