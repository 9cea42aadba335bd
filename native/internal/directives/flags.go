package directives

import (
	"fmt"
	"strings"

	"goredefine.dev/internal/symbol"
)

// flagRedefinition is one -redefine target=replacement.
type flagRedefinition struct {
	raw         string
	targets     []symbol.Name
	replacement symbol.Name
	// as written
	target, replacementAs string
}

// parseFlags reads -redefine values. The replacement must be named by its
// import path (example.com/m.fixedNow), since a flag has no package around it.
func parseFlags(values []string) ([]flagRedefinition, []Diagnostic) {
	var out []flagRedefinition
	var diags []Diagnostic
	for _, v := range values {
		bad := func(format string, args ...any) {
			diags = append(diags, Diagnostic{
				Pos:     flagPos(v),
				Message: fmt.Sprintf("-redefine %s: ", v) + fmt.Sprintf(format, args...),
			})
		}
		target, repl, ok := strings.Cut(v, "=")
		if !ok {
			bad("want target=replacement, e.g. -redefine time.Now=example.com/m.fixedNow")
			continue
		}
		targets, err := symbol.Parse(target)
		if err != nil {
			bad("target: %v", err)
			continue
		}
		repls, err := symbol.Parse(repl)
		if err != nil {
			bad("replacement: %v", err)
			continue
		}
		if repls[0].IsMethod() && len(repls) == 1 {
			bad("replacement %s is a method; a replacement must be a top-level function", repl)
			continue
		}
		// A replacement is a function, so the reading without a receiver is the one.
		r := repls[len(repls)-1]
		for _, x := range repls {
			if !x.IsMethod() {
				r = x
				break
			}
		}
		out = append(out, flagRedefinition{raw: v, targets: targets, replacement: r, target: target, replacementAs: repl})
	}
	return out, diags
}
