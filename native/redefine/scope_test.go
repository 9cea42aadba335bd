package redefine_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand"
	"net/http"
	"net/http/httptest"
	"os"
	"reflect"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"goredefine.dev/redefine"
)

// frozen is the instant subtest i freezes time.Now at: a year no real clock
// and no other test of this package shows.
func frozen(i int) time.Time { return time.Date(2001+i, 1, 1, 0, 0, 0, 0, time.UTC) }

func isFrozen(t time.Time) bool { return t.Year() >= 2001 && t.Year() < 2001+16 }

// TestMain starts a goroutine before any test: it must never see a scoped
// redefinition. After every test ran, nothing may be redefined any more.
func TestMain(m *testing.M) {
	stop := make(chan struct{})
	var leaked atomic.Int64
	var watched sync.WaitGroup
	watched.Add(1)
	go func() {
		defer watched.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			if isFrozen(time.Now()) {
				leaked.Add(1)
			}
			time.Sleep(50 * time.Microsecond)
		}
	}()
	code := m.Run()
	close(stop)
	watched.Wait()
	for _, child := range []string{"REDEFINE_TEST_PANIC", "REDEFINE_TEST_STRATEGY_CHILD", "REDEFINE_TEST_STRESS", "REDEFINE_TEST_STARTUP"} {
		if v, _ := syscall.Getenv(child); v != "" {
			os.Exit(code) // a child process of a test, which redefines on purpose
		}
	}
	if leaked.Load() != 0 {
		fmt.Fprintf(os.Stderr, "FAIL: a goroutine started in TestMain saw a test's scoped time.Now %d times\n", leaked.Load())
		code = 1
	}
	for name, fn := range map[string]any{"time.Now": time.Now, "answer": answer, "scale": scale} {
		if orig := reflect.ValueOf(originalOf(fn)).Pointer(); orig != reflect.ValueOf(fn).Pointer() {
			fmt.Fprintf(os.Stderr, "FAIL: %s is still redefined after every test ended\n", name)
			code = 1
		}
	}
	os.Exit(code)
}

func originalOf(fn any) any {
	switch f := fn.(type) {
	case func() time.Time:
		return redefine.Original(f)
	case func() int:
		return redefine.Original(f)
	case func(int) int:
		return redefine.Original(f)
	}
	panic("unexpected type")
}

// Eight parallel subtests each freeze time.Now at their own instant and see
// only it: directly, in goroutines and their children, and in the handlers
// of an HTTP server they start. A parallel neighbour without redefinitions
// sees the real clock.
func TestForTestIsolatesParallelTests(t *testing.T) {
	for i := 0; i < 8; i++ {
		i := i // the engine's module is go 1.21: one variable per loop
		t.Run(strconv.Itoa(i), func(t *testing.T) {
			t.Parallel()
			want := frozen(i)
			redefine.ForTest(t, time.Now, func() time.Time { return want })
			check := func(where string, got time.Time) {
				if !got.Equal(want) {
					t.Errorf("%s: time.Now() = %v, want %v", where, got, want)
				}
			}
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				fmt.Fprint(w, time.Now().Year())
			}))
			defer srv.Close()
			var wg sync.WaitGroup
			for g := 0; g < 4; g++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for n := 0; n < 500; n++ {
						check("goroutine", time.Now())
					}
					done := make(chan time.Time)
					go func() { done <- time.Now() }()
					check("grandchild", <-done)
				}()
			}
			for n := 0; n < 2000; n++ {
				check("test goroutine", time.Now())
			}
			for n := 0; n < 5; n++ {
				resp, err := http.Get(srv.URL)
				if err != nil {
					t.Fatal(err)
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if string(body) != strconv.Itoa(want.Year()) {
					t.Errorf("HTTP handler saw year %s, want %d", body, want.Year())
				}
			}
			wg.Wait()
		})
	}
	t.Run("neighbour", func(t *testing.T) {
		t.Parallel()
		for n := 0; n < 5000; n++ {
			if now := time.Now(); isFrozen(now) {
				t.Fatalf("a test without redefinitions saw %v", now)
			}
		}
	})
}

// A subtest sees its parent's scoped redefinitions, can override them, and
// a scoped redefinition wins over a global one inside its scope only.
func TestScopesNestAndWinOverGlobal(t *testing.T) {
	must(t, redefine.Func(answer, func() int { return 10 }))
	restore(t, answer)
	redefine.ForTest(t, answer, func() int { return 20 })
	redefine.ForTest(t, scale, func(int) int { return 21 })
	outside := make(chan int)
	go func() {
		// Started from TestMain's goroutine? No: from this test, so in scope.
		outside <- answer()
	}()
	if got := <-outside; got != 20 {
		t.Errorf("goroutine of the test: answer() = %d, want 20", got)
	}
	t.Run("child", func(t *testing.T) {
		if answer() != 20 || scale(1) != 21 {
			t.Fatalf("subtest: answer %d, scale %d; want the parent's 20, 21", answer(), scale(1))
		}
		redefine.ForTest(t, answer, func() int { return 30 })
		if answer() != 30 || scale(1) != 21 {
			t.Fatalf("subtest after its own ForTest: answer %d, scale %d; want 30, 21", answer(), scale(1))
		}
	})
	if answer() != 20 {
		t.Errorf("after the subtest ended: answer() = %d, want 20", answer())
	}
	notInScope := make(chan int)
	stopBefore := startOutsideScope(func() { notInScope <- answer() })
	stopBefore()
	if got := <-notInScope; got != 10 {
		t.Errorf("a goroutine outside the scope: answer() = %d, want the global 10", got)
	}
}

// startOutsideScope runs f on a goroutine that is not in any scope (a
// worker started before the test, as a pool would be).
func startOutsideScope(f func()) func() {
	return func() { workerQueue <- f }
}

var workerQueue = func() chan func() {
	q := make(chan func())
	go func() {
		for f := range q {
			f()
		}
	}()
	return q
}()

// Scoped is the same for code that is not a test; ending scopes in any
// order, mixed with global redefinitions and restores from many goroutines,
// leaves nothing redefined.
func TestScopedEndsInAnyOrder(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for round := 0; round < 20; round++ {
		var ends []func()
		var wg sync.WaitGroup
		var mu sync.Mutex
		for g := 0; g < 6; g++ {
			wg.Add(1)
			go func(g int) {
				defer wg.Done()
				end, err := redefine.Scoped(answer, func() int { return 100 + g })
				if err != nil {
					t.Error(err)
					return
				}
				if got := answer(); got != 100+g {
					t.Errorf("inside scope %d: answer() = %d", g, got)
				}
				mu.Lock()
				ends = append(ends, end)
				mu.Unlock()
				if g%2 == 0 {
					_ = redefine.Func(answer, func() int { return 7 })
					_ = redefine.Restore(answer)
				}
			}(g)
		}
		wg.Wait()
		rng.Shuffle(len(ends), func(i, j int) { ends[i], ends[j] = ends[j], ends[i] })
		for i, end := range ends {
			end()
			if i%2 == 0 {
				end() // a second call does nothing
			}
		}
		if got := answer(); got != 1 {
			t.Fatalf("round %d: answer() = %d after every scope ended, want 1", round, got)
		}
	}
}

// The scope's label shows in profiles, in runtime/pprof's own format: the
// engine's label set is one pprof can read on this Go release.
func TestScopeLabelInProfiles(t *testing.T) {
	redefine.ForTest(t, answer, func() int { return 3 })
	ready, release := make(chan struct{}), make(chan struct{})
	go func() {
		close(ready)
		<-release
	}()
	<-ready
	var buf bytes.Buffer
	if err := pprof.Lookup("goroutine").WriteTo(&buf, 1); err != nil {
		t.Fatal(err)
	}
	close(release)
	if want := `"redefine.scope":"TestScopeLabelInProfiles"`; !bytes.Contains(buf.Bytes(), []byte(want)) {
		t.Fatalf("goroutine profile lacks the label %s:\n%.2000s", want, buf.Bytes())
	}
}

// fakeTB records what ForTest reports.
type fakeTB struct {
	fatal, logged string
	cleanups      []func()
}

func (f *fakeTB) Helper()                        {}
func (f *fakeTB) Cleanup(fn func())              { f.cleanups = append(f.cleanups, fn) }
func (f *fakeTB) Fatalf(format string, a ...any) { f.fatal = fmt.Sprintf(format, a...) }
func (f *fakeTB) Logf(format string, a ...any)   { f.logged = fmt.Sprintf(format, a...) }
func (f *fakeTB) end() {
	for i := len(f.cleanups) - 1; i >= 0; i-- {
		f.cleanups[i]()
	}
}

// The scoped forms refuse what Func and ByName refuse, with the same
// reasons, and name-based ones work like ByName.
func TestScopedFormsReportMisuse(t *testing.T) {
	var tb fakeTB
	redefine.ForTestByName(&tb, "time.Nw", fixedNow)
	if !strings.Contains(tb.fatal, "redefine: time.Nw: ") || !strings.Contains(tb.fatal, "did you mean time.Now") {
		t.Errorf("ForTestByName with a typo: %q", tb.fatal)
	}
	tb = fakeTB{}
	var nilFunc func() int
	redefine.ForTest(&tb, answer, nilFunc)
	if !strings.Contains(tb.fatal, "nil replacement") {
		t.Errorf("ForTest with a nil replacement: %q", tb.fatal)
	}
	if _, err := redefine.ScopedByName("goredefine.dev/redefine_test.greet", func(int) int { return 0 }); !errors.Is(err, redefine.ErrTypeMismatch) {
		t.Errorf("ScopedByName with another type: %v", err)
	}

	tb = fakeTB{}
	redefine.ForTestByName(&tb, "goredefine.dev/redefine_test.answer", func() int { return 77 })
	if tb.fatal != "" || answer() != 77 {
		t.Fatalf("ForTestByName: %q, answer() = %d", tb.fatal, answer())
	}
	tb.end()
	if answer() != 1 {
		t.Fatalf("after the test's cleanups answer() = %d", answer())
	}
}
