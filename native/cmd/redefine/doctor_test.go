package main

import (
	"encoding/json"
	"runtime"
	"strings"
	"testing"
)

func TestDoctor(t *testing.T) {
	r := redefine(t, ".", nil, "doctor", "-json")
	var rep struct {
		GoVersion, GOOS, GOARCH, Strategy string
		Problems                          []string
		Probe                             *struct {
			OK       bool
			Strategy string
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("doctor -json: %v\n%s", err, r.stdout)
	}
	if !strings.HasPrefix(rep.GoVersion, "go1.") || rep.GOOS != runtime.GOOS || rep.GOARCH != runtime.GOARCH {
		t.Errorf("report %+v", rep)
	}
	// On linux/amd64 with a supported Go (this machine) the probe must work.
	if rep.Probe == nil || !rep.Probe.OK || rep.Probe.Strategy != rep.Strategy {
		t.Errorf("probe: %+v, problems %q", rep.Probe, rep.Problems)
	}
	if want := map[bool]int{true: 1, false: 0}[len(rep.Problems) > 0]; r.code != want {
		t.Errorf("exit %d with problems %q, want %d", r.code, rep.Problems, want)
	}
	text := redefine(t, ".", nil, "doctor", "-probe=false")
	if !strings.Contains(text.stdout, "strategy:  "+rep.Strategy) || text.code != r.code {
		t.Errorf("doctor text (exit %d):\n%s", text.code, text.stdout)
	}
}
