//go:build !darwin

package doctor

// translated is only meaningful on macOS.
func translated() *bool { return nil }
