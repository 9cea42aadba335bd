// Package frozen greets by the time of day.
package frozen

import "time"

// Greeting depends on the wall clock, which is what makes it hard to test.
func Greeting() string {
	now := time.Now()
	switch h := now.Hour(); {
	case h < 12:
		return "good morning, it is " + now.Format(time.Kitchen)
	case h < 17:
		return "good afternoon, it is " + now.Format(time.Kitchen)
	default:
		return "good evening, it is " + now.Format(time.Kitchen)
	}
}
