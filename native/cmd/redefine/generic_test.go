package main

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// genericOutput is what testdata/generic prints under redefine run: only
// Max[int] and (*Box[string]).Get are redefined, however they are called.
const genericOutput = `direct: 400
from its package: 400
func value: 400
same shape: 4 4
other shape: 2.5
method: <x> <x> <x>
other box: 7
`

// TestGenericDirectives: directives that name generic instantiations, with
// the real engine, natively and, for linux/arm64, under qemu with both
// strategies.
func TestGenericDirectives(t *testing.T) {
	realEngine(t)
	type platform struct {
		name string
		env  []string
		exec []string
	}
	platforms := []platform{{name: "native"}}
	if qemu, err := exec.LookPath("qemu-aarch64-static"); err == nil && !testing.Short() {
		for _, s := range []string{"inplace", "duplicate"} {
			platforms = append(platforms, platform{"linux/arm64 under qemu, " + s,
				[]string{"GOARCH=arm64", "CGO_ENABLED=0", "REDEFINE_STRATEGY=" + s}, []string{"-exec", qemu}})
		}
	}
	for _, p := range platforms {
		t.Run(p.name, func(t *testing.T) {
			dir := fixture(t, "generic")
			report := filepath.Join(t.TempDir(), "report.jsonl")
			var r result
			untouched(t, dir, func() {
				r = redefine(t, dir, append(p.env, "REDEFINE_REPORT="+report), append(append([]string{"run"}, p.exec...), ".")...)
			})
			if r.code != 0 || r.stdout != genericOutput {
				t.Fatalf("run: exit %d, output:\n%s\nwant:\n%s\n%s", r.code, r.stdout, genericOutput, r.stderr)
			}
			checkReport(t, report, "example.com/generic/g.Max[int]", "main.maxTimes100")
			checkReport(t, report, "example.com/generic/g.(*Box[string]).Get", "main.boxGet")
			r = redefine(t, dir, p.env, append(append([]string{"test"}, p.exec...), "-count=1", "-v", "./g")...)
			if r.code != 0 || !strings.Contains(r.stdout, "--- PASS: TestMaxID") {
				t.Errorf("test: exit %d\n%s%s", r.code, r.stdout, r.stderr)
			}
		})
	}
}
