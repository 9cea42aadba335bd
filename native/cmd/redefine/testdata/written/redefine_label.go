//go:build redefine

package main

// The directive names main.label by its import path, as Redefine Function
// writes it.
//
//redefine:func example.com/written.label
func fakeLabel() string { return "fake" }
