package redefine_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"goredefine.dev/redefine"
)

// The runtime's timer code calls time.Now on the system stack
// (runtime.(*timer).unlockAndRun → time.sendTime). A replacement that grows
// its stack, takes a lock or defers (Original under -race or -N) cannot run
// there: such calls must run the original. The replacement below does all
// three on every call (and returns the real time, so that timers keep their
// meaning) while timers and tickers fire from many goroutines;
// npm test also runs it built with -race and with -gcflags=all=-N -l.
func TestTimersWhileTimeNowCallsOriginal(t *testing.T) {
	var calls atomic.Int64
	var mu sync.Mutex
	var last string
	must(t, redefine.Func(time.Now, func() time.Time {
		n := calls.Add(1)
		mu.Lock()
		defer mu.Unlock()
		last = fmt.Sprintf("call %d from a goroutine stack %s", n, deepLabel(8))
		return redefine.Original(time.Now)()
	}))
	restore(t, time.Now)

	ctx, cancel := context.WithTimeout(context.Background(), 400*time.Millisecond)
	defer cancel()
	var wg sync.WaitGroup
	var fired atomic.Int64
	for g := 0; g < 32; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			tick := time.NewTicker(time.Duration(1+g%3) * time.Millisecond)
			defer tick.Stop()
			timer := time.NewTimer(time.Millisecond)
			defer timer.Stop()
			for {
				select {
				case <-ctx.Done():
					return
				case <-tick.C:
					fired.Add(1)
				case <-timer.C:
					fired.Add(1)
					timer.Reset(time.Duration(g%5) * time.Millisecond)
				case <-time.After(2 * time.Millisecond):
					fired.Add(1)
				}
				time.AfterFunc(time.Microsecond, func() { fired.Add(1) })
				_ = time.Now()
			}
		}(g)
	}
	wg.Wait()
	before := calls.Load()
	_ = time.Now()
	if calls.Load() == before || fired.Load() == 0 {
		t.Fatalf("%d replacement calls, %d timer events", calls.Load(), fired.Load())
	}
	mu.Lock()
	defer mu.Unlock()
	t.Logf("%d replacement calls, %d timer events; last: %s", calls.Load(), fired.Load(), last)
}

// deepLabel recurses so that the replacement needs more stack than a
// system stack's guard leaves.
//
//go:noinline
func deepLabel(n int) string {
	var pad [512]byte
	pad[n] = byte(n)
	if n == 0 {
		return string(pad[:1])
	}
	return deepLabel(n - 1)[:1]
}
