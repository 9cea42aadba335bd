//go:build go1.23 && !go1.25

package redefine

// goReleaseAfter124 shifts abi.FuncIDWrapper: go1.25 added FuncID_runCleanups.
const goReleaseAfter124 = 0
