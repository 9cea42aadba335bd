//go:build redefine

package main

import "time"

//redefine:func time.Now
func fivePM() time.Time {
	return time.Date(2026, 1, 30, 17, 0, 0, 0, time.UTC)
}
