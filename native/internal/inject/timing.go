package inject

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// phases times the steps of one build, run or test: REDEFINE_DEBUG=timing
// prints them (BENCHMARKS.md breaks the command's fixed cost down with it).
type phases struct {
	on    bool
	last  time.Time
	steps []string
}

func newPhases(debug string) *phases {
	return &phases{on: strings.Contains(debug, "timing"), last: time.Now()}
}

// done ends the current step.
func (p *phases) done(name string) {
	if !p.on {
		return
	}
	now := time.Now()
	p.steps = append(p.steps, fmt.Sprintf("%s %.1fms", name, float64(now.Sub(p.last).Microseconds())/1000))
	p.last = now
}

func (p *phases) print(w io.Writer) {
	if p.on && len(p.steps) > 0 {
		fmt.Fprintf(w, "redefine: timing: %s\n", strings.Join(p.steps, ", "))
	}
}
