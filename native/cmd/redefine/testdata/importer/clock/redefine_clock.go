//go:build redefine

package clock

import "time"

// realNow runs the original time.Now in builds of the redefine command;
// this body never runs there.
//
//redefine:original time.Now
func realNow() time.Time { return time.Time{} }

// tenYearsAgo is the real clock, ten years earlier.
//
//redefine:func time.Now
func tenYearsAgo() time.Time { return realNow().AddDate(-10, 0, 0) }
