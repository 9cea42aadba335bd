package clock

import "time"

// Shift has parameters named like the packages of its types.
func Shift(time time.Duration, url string) time.Time { return tAt(time) }

func tAt(d time.Duration) time.Time { return time.Unix(0, int64(d)) }

// Use calls Shift.
func Use() { _ = Shift(1, "") }
