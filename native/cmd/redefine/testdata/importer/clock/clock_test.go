package clock

import (
	"os"
	"strconv"
	"testing"
	"time"

	"goredefine.dev/redefine"
)

// TestYear calls the engine itself: it passes under go test and redefine
// test alike.
func TestYear(t *testing.T) {
	redefine.ForTest(t, time.Now, func() time.Time { return time.Date(1999, 1, 1, 0, 0, 0, 0, time.UTC) })
	if got := Year(); got != 1999 {
		t.Fatalf("Year() = %d, want 1999", got)
	}
}

// TestDirective needs redefine test (REDEFINE_WANT_YEAR says the year that
// the directive's replacement must give: the real one less ten).
func TestDirective(t *testing.T) {
	want := os.Getenv("REDEFINE_WANT_YEAR")
	if want == "" {
		t.Skip("REDEFINE_WANT_YEAR is not set: run by TestEngineAsModule under redefine test")
	}
	if got := strconv.Itoa(Year()); got != want {
		t.Fatalf("Year() = %s, want %s (the original time.Now, ten years earlier)", got, want)
	}
}
