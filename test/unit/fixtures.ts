// Generated Go source for tests and benchmarks.

/** A plausible Go file of about `lines` lines that calls time.Now, os.Getenv and a local func. */
export function bigGoFile(lines: number): string {
	const head = `package main

import (
	"fmt"
	"os"
	"strings"
	"time"
)

// loadConfig reads the configuration; time.Now in a comment is not a call.
func loadConfig() string { return os.Getenv("CONFIG") }
`;
	const out = [head];
	let n = head.split('\n').length;
	for (let i = 0; n < lines; i++) {
		const fn = `
// handler${i} formats a greeting with the current time.
func handler${i}(name string) string {
	start := time.Now()
	s := fmt.Sprintf("hello %s at %s", strings.ToUpper(name), start.Format(time.Kitchen))
	if cfg := loadConfig(); cfg != "" {
		s += " (" + cfg + ", \`time.Now\` raw)"
	}
	elapsed := time.Since(start)
	_ = elapsed
	return s + fmt.Sprint(time.Now().Unix())
}
`;
		out.push(fn);
		n += fn.split('\n').length - 1;
	}
	return out.join('');
}
