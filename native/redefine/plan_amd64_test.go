package redefine

import "testing"

//go:noinline
func planBigFrame(x int) int {
	var buf [16 << 10]byte
	for i := range buf {
		buf[i] = byte(x)
	}
	return planSink(buf[:])
}

//go:noinline
func planSink(b []byte) int { return int(b[len(b)-1]) }

//go:noinline
func planSmallFrame(b []byte) int { return planSink(b) + 1 }

// The prologue analysis must find the stack-growth stub of ordinary and
// big-frame functions, so that Original can grow the stack.
func TestAnalyzeFindsStackGrowthStub(t *testing.T) {
	for name, pc := range map[string]uintptr{
		"small frame": funcvalOf(planSmallFrame).fn,
		"big frame":   funcvalOf(planBigFrame).fn,
	} {
		tg, err := targetAt(pc)
		if err != nil {
			t.Fatal(err)
		}
		env := &moduleEnv{s: &inplace{}}
		plans, err := amd64PlanFor(bytesAt(tg.entry, tg.end-tg.entry), tg.entry, env)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		plan := plans[0]
		if plan.stub == nil || plan.stub.morestack == 0 || plan.cover < plan.site+5 {
			t.Fatalf("%s: plan %+v has no stack-growth stub", name, plan)
		}
	}
}
