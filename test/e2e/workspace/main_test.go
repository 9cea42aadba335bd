package main

import (
	"testing"
	"time"
)

// TestKitchenAtFivePM needs a frozen clock: it passes only when time.Now is redefined to
// return 5:00 PM (run it with redefinitions), and fails with the real clock.
func TestKitchenAtFivePM(t *testing.T) {
	before := time.Now()
	if got := kitchen(); got != "5:00PM" {
		t.Fatalf("kitchen() = %q, want \"5:00PM\": time.Now is not frozen at 5 PM", got)
	}
	if after := time.Now(); !after.Equal(before) {
		t.Fatalf("time.Now moved from %v to %v: it is not frozen", before, after)
	}
}
