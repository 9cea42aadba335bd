// Package oldgo is a module that declares go 1.16: the redefine command must
// build it with that language version (loop variables shared by every
// iteration) and the GODEBUG defaults of that release.
package oldgo

import "time"

// Stamp is the time of day on the wall clock.
func Stamp() string { return time.Now().Format(time.Kitchen) }
