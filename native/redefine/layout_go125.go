//go:build go1.25 && !go1.26

package redefine

// goReleaseAfter124 shifts abi.FuncIDWrapper: go1.25 added FuncID_runCleanups.
const goReleaseAfter124 = 1

// Offsets in runtime.g of goid and labels (see goroutine.go).
const (
	gGoidOff   = 152
	gLabelsOff = 344
)
