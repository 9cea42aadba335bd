//go:build redefine

package main

import "time"

// Another program: it never shares a binary with the others.
//
//redefine:func time.Now
func otherNow() time.Time { return time.Time{} }
