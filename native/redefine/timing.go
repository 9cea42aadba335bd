package redefine

import (
	"fmt"
	"os"
	"strings"
	"time"
)

// stepTimer prints how long each step of a long operation took, to stderr,
// when REDEFINE_DEBUG=timing: the benchmarks read it (BENCHMARKS.md).
type stepTimer struct {
	on    bool
	start time.Time
	last  time.Time
	steps []string
}

func newStepTimer(on bool) *stepTimer {
	now := time.Now()
	return &stepTimer{on: on, start: now, last: now}
}

func (t *stepTimer) step(name string) {
	if !t.on {
		return
	}
	now := time.Now()
	t.steps = append(t.steps, fmt.Sprintf("%s %v", name, now.Sub(t.last)))
	t.last = now
}

func (t *stepTimer) report(what string) {
	if t.on {
		fmt.Fprintf(os.Stderr, "redefine: timing: %s: total %v (%s)\n", what, time.Since(t.start), strings.Join(t.steps, ", "))
	}
}
