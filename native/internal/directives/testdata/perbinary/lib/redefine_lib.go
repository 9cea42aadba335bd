//go:build redefine

package lib

import "time"

// The program links lib: this one and main's meet there.
//
//redefine:func time.Now
func libNow() time.Time { return time.Time{} }
