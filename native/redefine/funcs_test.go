package redefine

import (
	"errors"
	"strings"
	"testing"
)

// A function shorter than the entry branch is refused, not smashed.
func TestCheckTargetRefusesShortFunctions(t *testing.T) {
	tg, err := targetAt(textPC(funcvalOf(TestCheckTargetRefusesShortFunctions).fn))
	if err != nil {
		t.Fatal(err)
	}
	tg.name = "example.com/m.tiny"
	tg.end = tg.entry + uintptr(hostArch.minFuncLen) - 1
	err = checkTarget(tg)
	if !errors.Is(err, ErrUnpatchable) || !strings.Contains(err.Error(), "shorter than") {
		t.Fatalf("got %v", err)
	}
}
