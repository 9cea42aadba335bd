//go:build go1.23 && !go1.25

package redefine

// goReleaseAfter124 shifts abi.FuncIDWrapper: go1.25 added FuncID_runCleanups.
const goReleaseAfter124 = 0

// Offsets in runtime.g of goid and labels (see goroutine.go).
const (
	gGoidOff   = 160
	gLabelsOff = 352
)
