package redefine_test

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"

	"goredefine.dev/redefine"
)

// Targets of the patching stress: one of each prologue shape the amd64
// site planner knows (a stack check, a frame set up without one, no frame).

//go:noinline
func stressChecked(x int) int { return stressLeaf(x) + 1 }

//go:noinline
func stressLeaf(x int) int { return x*3 + 1 }

//go:noinline
func stressFramed(x int) int {
	var a [8]int
	for i := range a {
		a[i] = x + i
	}
	return a[x&7] - (x & 7)
}

// stressLong has a body long enough that its stack check branches with a
// rel32 Jcc, a site of its own; stressBig needs a frame too big for the
// short stack check (LEAQ -n(SP), R12 first).
//
//go:noinline
func stressLong(x int) int {
	s := 0
	for i := 0; i < 4; i++ {
		s += stressLeaf(x+i) ^ stressLeaf(s)
		s += stressLeaf(s+1) ^ stressLeaf(x-i)
		s += stressLeaf(s+2) ^ stressLeaf(x*i)
		s += stressLeaf(s+3) ^ stressLeaf(x|i)
	}
	if s == 42 {
		return stressLeaf(s) + stressLeaf(x) + stressLeaf(s^x) + stressLeaf(s&x)
	}
	return x
}

//go:noinline
func stressBig(x int) int {
	var buf [8 << 10]byte
	buf[x&(len(buf)-1)] = byte(x)
	return stressSink(buf[:]) + x - int(byte(x))
}

//go:noinline
func stressSink(b []byte) int {
	s := 0
	for _, c := range b {
		s += int(c)
	}
	return s
}

func stressReplacement(x int) int { return -x }

// TestPatchingStressChild is one stress process: callers on every core
// while another goroutine redefines and restores the target over and over.
// Every call must return the original's or the replacement's result.
func TestPatchingStressChild(t *testing.T) {
	which := os.Getenv("REDEFINE_TEST_STRESS")
	if which == "" {
		t.Skip("run by TestPatchingStress")
	}
	targets := map[string]func(int) int{"checked": stressChecked, "leaf": stressLeaf, "framed": stressFramed, "long": stressLong, "big": stressBig}
	want := map[string]func(int) int{
		"checked": func(x int) int { return x*3 + 2 },
		"leaf":    func(x int) int { return x*3 + 1 },
		"framed":  func(x int) int { return x },
		"long":    func(x int) int { return x },
		"big":     func(x int) int { return x },
	}
	target, orig := targets[which], want[which]
	cycles, _ := strconv.Atoi(os.Getenv("REDEFINE_TEST_STRESS_CYCLES"))
	var stop atomic.Bool
	var bad, calls atomic.Int64
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := g; !stop.Load(); i++ {
				if v := target(i); v != orig(i) && v != -i {
					bad.Add(1)
				}
				calls.Add(1)
			}
		}(g)
	}
	for i := 0; i < cycles; i++ {
		if err := redefine.Func(target, stressReplacement); err != nil {
			t.Fatal(err)
		}
		runtime.Gosched()
		if err := redefine.Restore(target); err != nil {
			t.Fatal(err)
		}
	}
	stop.Store(true)
	wg.Wait()
	fmt.Printf("calls %d bad %d\n", calls.Load(), bad.Load())
	if bad.Load() != 0 {
		t.Fatalf("%d of %d calls returned neither result", bad.Load(), calls.Load())
	}
}

func TestPatchingStress(t *testing.T) {
	procs, cycles := 10, 500
	if testing.Short() {
		procs = 3
	}
	for _, which := range []string{"checked", "leaf", "framed", "long", "big"} {
		crashed := 0
		for p := 0; p < procs; p++ {
			cmd := selfCommand("-test.run=^TestPatchingStressChild$", "-test.v")
			cmd.Env = append(os.Environ(), "GOMAXPROCS=10", "REDEFINE_TEST_STRESS="+which, "REDEFINE_TEST_STRESS_CYCLES="+strconv.Itoa(cycles))
			out, err := cmd.CombinedOutput()
			if err != nil {
				crashed++
				t.Errorf("%s, process %d: %v\n%s", which, p, err, tail(out, 1500))
			}
		}
		t.Logf("%s: %d of %d processes failed", which, crashed, procs)
	}
}

func tail(b []byte, n int) []byte {
	if len(b) > n {
		return b[len(b)-n:]
	}
	return b
}
