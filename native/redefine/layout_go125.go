//go:build go1.25 && !go1.26

package redefine

// goReleaseAfter124 shifts abi.FuncIDWrapper: go1.25 added FuncID_runCleanups.
const goReleaseAfter124 = 1
