package redefine_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"goredefine.dev/redefine"
)

// Freeze the clock: every call of time.Now, anywhere in the program, now
// returns 5 PM on 30 January 2026.
func ExampleFunc() {
	err := redefine.Func(time.Now, func() time.Time {
		return time.Date(2026, 1, 30, 17, 0, 0, 0, time.UTC)
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer redefine.Restore(time.Now)

	fmt.Println(time.Now().Format(time.Kitchen))
	// Output: 5:00PM
}

// A replacement can call the function it replaces through Original.
func ExampleOriginal() {
	_ = redefine.Func(strings.ToUpper, func(s string) string {
		return "<" + redefine.Original(strings.ToUpper)(s) + ">"
	})
	defer redefine.Restore(strings.ToUpper)

	fmt.Println(strings.ToUpper("go"))
	// Output: <GO>
}

// Restore puts the original back.
func ExampleRestore() {
	_ = redefine.Func(strings.Repeat, func(s string, n int) string { return "no" })
	fmt.Println(strings.Repeat("ab", 2))
	_ = redefine.Restore(strings.Repeat)
	fmt.Println(strings.Repeat("ab", 2))
	// Output:
	// no
	// abab
}

// ByName reaches functions by the name runtime.FuncForPC prints, including
// unexported ones and methods (the receiver becomes the first parameter).
func ExampleByName() {
	err := redefine.ByName("strings.(*Replacer).Replace", func(r *strings.Replacer, s string) string {
		return "redefined"
	})
	fmt.Println(err)
	defer redefine.RestoreAll()

	fmt.Println(strings.NewReplacer("a", "b").Replace("original"))
	// Output:
	// <nil>
	// redefined
}

// In a test, ForTest restores the function when the test ends.
func ExampleForTest() {
	var t *testing.T // the test's *testing.T
	redefine.ForTest(t, time.Now, func() time.Time {
		return time.Date(2026, 1, 30, 17, 0, 0, 0, time.UTC)
	})
}

func TestForTest(t *testing.T) {
	t.Run("inner", func(t *testing.T) {
		redefine.ForTest(t, answer, func() int { return 11 })
		if answer() != 11 {
			t.Fatal("not redefined")
		}
	})
	if answer() != 1 {
		t.Fatal("ForTest did not restore when the test ended")
	}
}

// A subtest's ForTest puts back the parent's redefinition, not the original.
func TestForTestNests(t *testing.T) {
	redefine.ForTest(t, answer, func() int { return 20 })
	t.Run("inner", func(t *testing.T) {
		redefine.ForTest(t, answer, func() int { return 21 })
		redefine.ForTest(t, answer, func() int { return 22 })
		if answer() != 22 {
			t.Fatal("not redefined")
		}
	})
	if got := answer(); got != 20 {
		t.Fatalf("after the subtest answer() = %d, want the parent's 20", got)
	}
}
