// Package redefine replaces ("redefines") Go functions while a program or
// its tests run:
//
//	redefine.ForTest(t, time.Now, func() time.Time {
//		return time.Date(2026, 1, 30, 17, 0, 0, 0, time.UTC)
//	})
//
// Func redefines a function for every goroutine until Restore; ForTest and
// Scoped redefine it for one test, or one goroutine, and the goroutines
// started from it; ByName reaches functions by their symbol name,
// unexported ones included; Original calls what a replacement replaced.
//
// # What sees a redefinition
//
// A call sees the redefinition made in the innermost scope its goroutine
// belongs to, else the global one (Func, ByName, start-up directives), else
// runs the original. A goroutine belongs to the scopes opened by the
// goroutine that started it (before it started it) and by itself: the
// engine marks a scope's goroutines with a profiler label set of their own,
// which the runtime passes from every goroutine to the goroutines it
// starts. So these escape a scope:
//
//   - work handed to goroutines started before the scope was opened, or
//     outside it (a worker pool, a server started in TestMain or init);
//   - goroutines that replace their profiler labels (pprof.Do,
//     pprof.SetGoroutineLabels), for as long as they hold the other labels.
//
// The runtime's own system stacks (each thread's g0 and signal stack) always
// run the original: the runtime calls some ordinary functions there, time.Now
// from its timers among them, where code may neither grow the stack, block,
// nor defer. The runtime's own timers therefore keep the real clock.
//
// # Generic functions
//
// A target may be one instantiation of a generic function or method:
//
//	redefine.Func(slices.Index[[]string, string], func(s []string, v string) int { return -1 })
//	redefine.ByName("example.com/g.(*Box[example.com/g.ID]).Get", replacement)
//
// Only that instantiation changes, however it is called: Go compiles the
// instantiations of one GC shape into one body (slices.Index[[]string,
// string] and slices.Index[Names, string], given type Names []string), and
// the engine tells their calls apart by the dictionary each passes.
// ByName finds an instantiation that the program uses as a value.
//
// # How
//
// The first instruction of a redefined function becomes a jump to a thunk
// that picks, for the calling goroutine, the replacement to run; a
// trampoline replays the instructions the jump replaced, for Original. On
// darwin/arm64, where a program may never write its own code, the program
// runs from a relocated copy of its text, and the copy is patched. See the
// README of the repository for details and limits.
package redefine
