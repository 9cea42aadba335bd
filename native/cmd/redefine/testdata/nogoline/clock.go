//go:build redefine

// This module's go.mod has no go line (the go command assumes go 1.16).
package main

import "time"

//redefine:func time.Now
func fivePM() time.Time {
	return time.Date(2026, 1, 30, 17, 0, 0, 0, time.UTC)
}
