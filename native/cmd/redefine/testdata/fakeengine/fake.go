// Package redefine is a stand-in for the engine in the command's injection
// tests: applyAtStartup prints what it was given, so tests can check the
// generated names, positions and init order without depending on the real
// engine's patching (the end-to-end tests use the real engine).
package redefine

import "os"

type startupEntry struct {
	Target, Replacement, Pos string
	TargetAs, ReplacementAs  string // as written, for what people see
}

func applyAtStartup(entries []startupEntry) {
	os.Stderr.WriteString("startup: applying " + itoa(len(entries)) + "\n")
	for _, e := range entries {
		os.Stderr.WriteString("startup: " + e.Target + " = " + e.Replacement + " at " + e.Pos + "\n")
	}
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	s := ""
	for ; n > 0; n /= 10 {
		s = string(rune('0'+n%10)) + s
	}
	return s
}
