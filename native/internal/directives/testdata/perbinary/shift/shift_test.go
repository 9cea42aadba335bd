package shift

import (
	"testing"
	"time"
)

// Only shift's test binary links this one; the program never does.
//
//redefine:func time.Now
func testNow() time.Time { return time.Time{} }

func TestNext(t *testing.T) { Next() }
