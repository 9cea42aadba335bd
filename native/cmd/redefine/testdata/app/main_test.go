package main

import (
	"testing"
	"time"
)

func TestKitchen(t *testing.T) {
	if got := time.Now().Format(time.Kitchen); got != "5:00PM" {
		t.Fatalf("time.Now() is %s, want 5:00PM (a frozen clock)", got)
	}
}
