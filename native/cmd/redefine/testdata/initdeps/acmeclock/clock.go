// Package clock is a dependency, not the user's own code, that reads the
// time while it is initialised. github.com/... sorts before
// goredefine.dev/..., so Go would initialise it before the engine unless
// the command makes it import the engine too.
package clock

import "time"

// Started is when the package was initialised.
var Started time.Time

func init() { Started = time.Now() }
