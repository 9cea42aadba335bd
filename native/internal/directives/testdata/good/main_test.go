package main

import "testing"

//redefine:func main.helper
func helperInTest(n int) int { return n + 1 }

func TestHelper(t *testing.T) {
	if helper(1) != 2 {
		t.Fatal("helper not redefined")
	}
}
