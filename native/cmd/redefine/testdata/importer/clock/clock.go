// Package clock is a module that uses the engine as a dependency would: its
// tests import goredefine.dev/redefine, and its redefinition file reaches
// the original time.Now without importing it.
package clock

import "time"

// Year is the current year on the wall clock.
func Year() int { return time.Now().Year() }
