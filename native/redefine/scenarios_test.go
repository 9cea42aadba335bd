package redefine_test

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"os/signal"
	"reflect"
	"runtime"
	"runtime/pprof"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"goredefine.dev/redefine"
)

// The scenario table of the engine. Each scenario redefines something, checks
// what every path into the target sees, and restores it. The whole table runs
// under the strategy REDEFINE_STRATEGY selects (scripts run it once per
// strategy the platform has).

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func restore[T any](t *testing.T, target T) {
	t.Helper()
	t.Cleanup(func() {
		if err := redefine.Restore(target); err != nil {
			t.Error(err)
		}
	})
}

func TestSeedExampleTimeNow(t *testing.T) {
	must(t, redefine.Func(time.Now, fixedNow))
	restore(t, time.Now)
	if got := time.Now().Format(time.Kitchen); got != "5:00PM" {
		t.Fatalf("time.Now().Format(time.Kitchen) = %q, want 5:00PM", got)
	}
}

func TestStaticDataAndOriginal(t *testing.T) {
	must(t, redefine.Func(scale, func(x int) int { return redefine.Original(scale)(x) + 100 }))
	restore(t, scale)
	if got := scale(2); got != 106 {
		t.Fatalf("scale(2) = %d, want 106 (original 6 + 100)", got)
	}
	multiplier = 5
	defer func() { multiplier = 3 }()
	if got := redefine.Original(scale)(2); got != 10 {
		t.Fatalf("Original(scale)(2) = %d, want 10", got)
	}
}

func TestOriginalCallsOtherFunctions(t *testing.T) {
	must(t, redefine.Func(greet, func(s string) string { return "[" + redefine.Original(greet)(s) + "]" }))
	restore(t, greet)
	if got := greet("go"); got != "[hello GO]" {
		t.Fatalf("greet = %q", got)
	}
}

func TestRestore(t *testing.T) {
	must(t, redefine.Func(answer, func() int { return 2 }))
	if answer() != 2 {
		t.Fatal("not redefined")
	}
	must(t, redefine.Restore(answer))
	if answer() != 1 {
		t.Fatal("not restored")
	}
	if !errors.Is(redefine.Restore(answer), redefine.ErrNotRedefined) {
		t.Fatal("second Restore did not report ErrNotRedefined")
	}
	if reflect.ValueOf(redefine.Original(answer)).Pointer() != reflect.ValueOf(answer).Pointer() {
		t.Fatal("Original of a restored function is not the function itself")
	}
}

func TestRedefineTwiceAndRestoreAll(t *testing.T) {
	must(t, redefine.Func(answer, func() int { return 2 }))
	must(t, redefine.Func(answer, func() int { return 3 }))
	if got := answer(); got != 3 {
		t.Fatalf("answer() = %d after the second redefinition, want 3", got)
	}
	if got := redefine.Original(answer)(); got != 1 {
		t.Fatalf("Original(answer)() = %d, want 1", got)
	}
	must(t, redefine.Func(scale, func(int) int { return -1 }))
	must(t, redefine.RestoreAll())
	if answer() != 1 || scale(1) != 3 {
		t.Fatal("RestoreAll left a redefinition in place")
	}
}

func TestClosureReplacementCapturesState(t *testing.T) {
	calls := 0
	must(t, redefine.Func(answer, func() int { calls++; return 40 + calls }))
	restore(t, answer)
	if answer() != 41 || answer() != 42 || calls != 2 {
		t.Fatalf("captured state not used: calls = %d", calls)
	}
}

func TestCallPaths(t *testing.T) {
	before := func() int { return answer() }
	c := &counter{n: 1}
	methodValueBefore := c.Get

	must(t, redefine.Func(answer, func() int { return 7 }))
	restore(t, answer)
	must(t, redefine.Func((*counter).Get, func(*counter) int { return 8 }))
	restore(t, (*counter).Get)

	after := func() int { return answer() }
	var dynamic any = c
	paths := map[string]func() int{
		"direct":                 answer,
		"closure made before":    before,
		"closure made after":     after,
		"package-level func var": funcVar,
		"method value before":    methodValueBefore,
		"method value after":     c.Get,
		"method expression":      func() int { return (*counter).Get(c) },
		"linker-built itab":      staticGetter.Get,
		"runtime-built itab":     func() int { return dynamic.(getterRT).Get() },
		"reflect Call":           func() int { return int(reflect.ValueOf(answer).Call(nil)[0].Int()) },
		"reflect MethodByName":   func() int { return int(reflect.ValueOf(c).MethodByName("Get").Call(nil)[0].Int()) },
	}
	want := map[string]int{"method value before": 8, "method value after": 8, "method expression": 8,
		"linker-built itab": 8, "runtime-built itab": 8, "reflect MethodByName": 8}
	for name, f := range paths {
		w := 7
		if v, ok := want[name]; ok {
			w = v
		}
		if got := f(); got != w {
			t.Errorf("%s: got %d, want %d", name, got, w)
		}
	}
}

func TestValueReceiverMethod(t *testing.T) {
	must(t, redefine.Func(counter.Value, func(counter) int { return 9 }))
	restore(t, counter.Value)
	if got := (counter{}).Value(); got != 9 {
		t.Errorf("direct call: %d", got)
	}
	if got := valuer.Value(); got != 9 {
		t.Errorf("through the pointer wrapper in an interface: %d", got)
	}
}

func TestGoroutinesBeforeAndAfter(t *testing.T) {
	start := make(chan struct{})
	result := make(chan int, 2)
	go func() { <-start; result <- answer() }() // blocked before the redefinition
	time.Sleep(10 * time.Millisecond)
	must(t, redefine.Func(answer, func() int { return 5 }))
	restore(t, answer)
	go func() { result <- answer() }()
	close(start)
	for i := 0; i < 2; i++ {
		if got := <-result; got != 5 {
			t.Errorf("goroutine saw %d, want 5", got)
		}
	}
}

func TestAfterFuncCallback(t *testing.T) {
	must(t, redefine.Func(answer, func() int { return 6 }))
	restore(t, answer)
	got := make(chan int, 1)
	time.AfterFunc(time.Millisecond, func() { got <- answer() })
	if v := <-got; v != 6 {
		t.Fatalf("timer callback saw %d, want 6", v)
	}
}

func TestStackGrowthAndGC(t *testing.T) {
	// The replacement recurses deeply through the patched entry, with a GC
	// in the middle; Original of a big-frame function runs on fresh
	// goroutines, whose small stacks must grow inside the trampoline path.
	var rec func(n int) int
	rec = func(n int) int {
		if n == 0 {
			runtime.GC()
			return 0
		}
		return depth(n-1) + 1
	}
	must(t, redefine.Func(depth, rec))
	restore(t, depth)
	if got := depth(100000); got != 100000 {
		t.Fatalf("depth = %d", got)
	}
	must(t, redefine.Func(bigFrame, func(x int) int { return -1 }))
	restore(t, bigFrame)
	var wg sync.WaitGroup
	var bad atomic.Int32
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			if redefine.Original(bigFrame)(i) != i+16<<10 {
				bad.Add(1)
			}
		}(i)
	}
	wg.Wait()
	runtime.GC()
	if bad.Load() != 0 || bigFrame(1) != -1 {
		t.Fatalf("%d Original calls went wrong, or the redefinition was lost", bad.Load())
	}
}

func TestConcurrentRedefineRestore(t *testing.T) {
	// Callers on every core while the target flips between original and
	// replacement: each call sees one or the other, never a torn branch.
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var bad, calls atomic.Int64
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				if v := answer(); v != 1 && v != 2 {
					bad.Add(1)
				}
				calls.Add(1)
			}
		}()
	}
	n := 1000
	if testing.Short() {
		n = 100
	}
	for i := 0; i < n; i++ {
		must(t, redefine.Func(answer, func() int { return 2 }))
		if i%100 == 0 {
			runtime.GC()
		}
		must(t, redefine.Restore(answer))
	}
	close(stop)
	wg.Wait()
	if bad.Load() != 0 {
		t.Fatalf("%d of %d calls saw neither the original nor the replacement", bad.Load(), calls.Load())
	}
}

func TestCPUProfileWhileRedefined(t *testing.T) {
	must(t, redefine.Func(scale, func(x int) int {
		s := 0
		for i := 0; i < x; i++ {
			s += i * i
		}
		return s
	}))
	restore(t, scale)
	var buf bytes.Buffer
	must(t, pprof.StartCPUProfile(&buf))
	deadline := time.Now().Add(200 * time.Millisecond)
	for time.Now().Before(deadline) {
		scale(10000)
	}
	pprof.StopCPUProfile()
	if buf.Len() == 0 {
		t.Fatal("empty CPU profile")
	}
}

func TestInliningIsReported(t *testing.T) {
	err := redefine.Func(small, func(x int) int { return 0 })
	defer redefine.Restore(small)
	if !errors.Is(err, redefine.ErrInlined) || !strings.Contains(err.Error(), "callInlined") {
		t.Fatalf("want ErrInlined naming callInlined, got %v", err)
	}
	if got := callInlined(1); got != 8 {
		t.Fatalf("the inlined call site changed: callInlined(1) = %d", got)
	}
}

// TestPanicTrace runs a replacement that panics in a child process and reads
// the crash: the trace must name the replacement and its caller.
func TestPanicTrace(t *testing.T) {
	if os.Getenv("REDEFINE_TEST_PANIC") == "1" {
		_ = redefine.Func(answer, func() int { panic("boom from the replacement") })
		answer()
		return
	}
	cmd := selfCommand("-test.run=^TestPanicTrace$")
	cmd.Env = append(os.Environ(), "REDEFINE_TEST_PANIC=1")
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("child did not crash:\n%s", out)
	}
	s := string(out)
	for _, want := range []string{"panic: boom from the replacement", "redefine_test.TestPanicTrace.func", "redefine_test.TestPanicTrace("} {
		if !strings.Contains(s, want) {
			t.Errorf("trace lacks %q:\n%s", want, s)
		}
	}
	if strings.Contains(s, "unknown pc") {
		t.Errorf("trace has unknown pcs:\n%s", s)
	}
}

// selfCommand runs this test binary again. Under emulation (the linux/arm64
// run on an amd64 host) REDEFINE_TEST_EXEC names the emulator to run it with.
func selfCommand(args ...string) *exec.Cmd {
	if emu := os.Getenv("REDEFINE_TEST_EXEC"); emu != "" {
		return exec.Command(emu, append([]string{os.Args[0]}, args...)...)
	}
	return exec.Command(os.Args[0], args...)
}

func TestDeferFinalizerAndSignalPaths(t *testing.T) {
	must(t, redefine.Func(answer, func() int { return 12 }))
	restore(t, answer)

	deferred := 0
	func() {
		defer func() { deferred = answer() }()
	}()
	var direct int
	func() {
		defer func(f func() int) { direct = f() }(answer)
	}()
	if deferred != 12 || direct != 12 {
		t.Errorf("deferred calls saw %d and %d, want 12", deferred, direct)
	}

	finalized := make(chan int, 1)
	obj := new([64]byte)
	runtime.SetFinalizer(obj, func(*[64]byte) { finalized <- answer() })
	obj = nil
	for i := 0; i < 10 && len(finalized) == 0; i++ {
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	select {
	case v := <-finalized:
		if v != 12 {
			t.Errorf("finalizer saw %d, want 12", v)
		}
	case <-time.After(5 * time.Second):
		t.Error("finalizer did not run")
	}

	sigs := make(chan os.Signal, 1)
	got := make(chan int, 1)
	signal.Notify(sigs, syscall.SIGUSR1)
	defer signal.Stop(sigs)
	go func() { <-sigs; got <- answer() }()
	must(t, syscall.Kill(os.Getpid(), syscall.SIGUSR1))
	select {
	case v := <-got:
		if v != 12 {
			t.Errorf("signal handler goroutine saw %d, want 12", v)
		}
	case <-time.After(5 * time.Second):
		t.Error("signal not delivered")
	}
}

// Original recursing into the redefined target: every recursive call goes
// through the replacement again, also after Original had to grow the stack
// of a fresh goroutine (amd64 resumes through a marker in DX, which must not
// leak into later calls). The replacement is a small top-level function, so
// that the stack grows in the trampoline's path rather than in its own.
func TestOriginalRecursionSeesTheRedefinition(t *testing.T) {
	must(t, redefine.Func(fibT, fibThroughOriginal))
	restore(t, fibT)
	fibOriginal = redefine.Original(fibT)
	want := int64(fibCalls(22))
	for i := 0; i < 3; i++ {
		done := make(chan [2]int64)
		go func() {
			var got [2]int64
			for j := range got {
				fibReplacementCalls = 0
				if fibT(22) != 17711 {
					got[j] = -1
					continue
				}
				got[j] = fibReplacementCalls
			}
			done <- got
		}()
		if got := <-done; got[0] != want || got[1] != want {
			t.Fatalf("the replacement ran %d and %d times, want %d each", got[0], got[1], want)
		}
	}
}

var (
	fibReplacementCalls int64
	fibOriginal         func(int) int
)

//go:noinline
func fibThroughOriginal(n int) int {
	fibReplacementCalls++
	return fibOriginal(n)
}

func TestSwitchJumpTable(t *testing.T) {
	must(t, redefine.Func(answer, func() int { return 100 }))
	restore(t, answer)
	if got := dispatch(3); got != 130 {
		t.Fatalf("dispatch(3) = %d, want 130: the case reached through the jump table missed the redefinition", got)
	}
}

func TestPackageInitRunsWhereMainRuns(t *testing.T) {
	s, err := redefine.StrategyName()
	if err != nil {
		t.Fatal(err)
	}
	inCopy := redefine.TextPC(initPC) != initPC
	if (s == "duplicate") != inCopy {
		t.Fatalf("strategy %s, but this package's init ran at %#x (in the copy: %v)", s, initPC, inCopy)
	}
}
