//go:build redefine

package main

import "time"

// realNow runs the original time.Now in builds of the redefine command; the
// engine is not imported.
//
//redefine:original time.Now
func realNow() time.Time { return time.Time{} }

// tenYearsAgo calls the original: a replacement that wraps the target.
//
//redefine:func time.Now
func tenYearsAgo() time.Time { return realNow().AddDate(-10, 0, 0) }
