package frozen

import (
	"testing"
	"time"
)

//redefine:func time.Now
func fivePM() time.Time {
	return time.Date(2026, 1, 30, 17, 0, 0, 0, time.UTC)
}

// TestEvening needs the clock frozen at 5 PM: it fails under go test (unless
// run at exactly that minute) and passes under redefine test.
func TestEvening(t *testing.T) {
	if got, want := Greeting(), "good evening, it is 5:00PM"; got != want {
		t.Fatalf("Greeting() = %q, want %q", got, want)
	}
}
