// Package clock reads the time while it is initialised. Its import path
// sorts before goredefine.dev/redefine, so without the engine import the
// command adds, Go would initialise it before the engine.
package clock

import "time"

// Start is when the program started, read by a package initialiser.
var Start = time.Now()
