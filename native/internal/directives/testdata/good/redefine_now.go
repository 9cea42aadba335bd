//go:build redefine

package main

import (
	"time"

	"example.com/good/store"
)

//redefine:func time.Now
func fixedNow() time.Time {
	return time.Date(2026, 1, 30, 17, 0, 0, 0, time.UTC)
}

//redefine:func example.com/good/store.(*Store).Get
func fixedGet(s *store.Store, key string) string { return "fixed" }

//redefine:func example.com/good/store.load
func fixedLoad() []byte { return nil }
