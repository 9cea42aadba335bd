package main

import "testing"

// Passes only when time.Now is redefined to return 5:00PM.
func TestGreetingAtFive(t *testing.T) {
	if got, want := greeting(), "It is 5:00PM"; got != want {
		t.Errorf("greeting() = %q, want %q", got, want)
	}
}
