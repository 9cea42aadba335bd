package b

import "time"

// T is used by a and its tests.
type T struct{ At time.Time }
