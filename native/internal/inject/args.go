// Package inject runs the go command (build, run, test) with the engine and
// the redefinitions injected, leaving every file of the user's untouched: the
// engine module is made resolvable through a temporary go.mod (-modfile) or
// go.work (GOWORK), and the generated files are added with -overlay.
package inject

import (
	"fmt"
	"strings"
)

// valueFlags are the go build and go test flags that take a value, so that a
// value is never mistaken for a package pattern.
var valueFlags = map[string]bool{
	"C": true, "p": true, "asmflags": true, "buildmode": true, "compiler": true,
	"gccgoflags": true, "gcflags": true, "installsuffix": true, "ldflags": true,
	"mod": true, "modfile": true, "overlay": true, "pgo": true, "pkgdir": true,
	"tags": true, "toolexec": true, "o": true, "covermode": true, "coverpkg": true,
	"exec": true, "vet": true, "reqdir": true,
	// go test's flags for the test binary
	"bench": true, "benchtime": true, "blockprofile": true, "blockprofilerate": true,
	"count": true, "coverprofile": true, "cpu": true, "cpuprofile": true,
	"fuzz": true, "fuzzcachedir": true, "fuzzminimizetime": true, "fuzztime": true,
	"list": true, "memprofile": true, "memprofilerate": true, "mutexprofile": true,
	"mutexprofilefraction": true, "outputdir": true, "parallel": true, "run": true,
	"shuffle": true, "skip": true, "timeout": true, "trace": true,
	// ours
	"redefine": true, "inlining": true,
}

// merged are the flags the command combines with its own; the user's values
// are taken out of the command line and put back merged.
var merged = map[string]bool{"tags": true, "gcflags": true, "overlay": true, "modfile": true, "redefine": true, "C": true, "toolexec": true, "inlining": true}

// invocation is a split go command line.
type invocation struct {
	verb     string
	values   map[string][]string // merged flags, in order of appearance
	args     []string            // everything else, in order (flags and packages)
	patterns []string            // the package patterns among args
	progArgs []string            // run: the program's arguments; test: after -args
}

// parseArgs splits the arguments that follow build, run or test.
func parseArgs(verb string, in []string) (*invocation, error) {
	inv := &invocation{verb: verb, values: map[string][]string{}}
	for i := 0; i < len(in); i++ {
		a := in[i]
		if verb == "test" && (a == "-args" || a == "--args") {
			inv.progArgs = append(inv.progArgs, in[i:]...)
			break
		}
		if a == "--" && verb != "run" {
			inv.args = append(inv.args, in[i:]...)
			break
		}
		if !strings.HasPrefix(a, "-") || a == "-" || a == "--" {
			if verb == "run" {
				// go run: the package (or .go files), then the program's arguments.
				j := i
				for j < len(in) && strings.HasSuffix(in[j], ".go") {
					j++
				}
				if j == i {
					j = i + 1
				}
				if a == "--" {
					return nil, fmt.Errorf("redefine run: missing package before --: use redefine run [build flags] PACKAGE [-- arguments]")
				}
				inv.patterns = append(inv.patterns, in[i:j]...)
				inv.args = append(inv.args, in[i:j]...)
				rest := in[j:]
				// `redefine run . -- args`: the -- only separates.
				if len(rest) > 0 && rest[0] == "--" {
					rest = rest[1:]
				}
				inv.progArgs = append(inv.progArgs, rest...)
				return inv, nil
			}
			inv.patterns = append(inv.patterns, a)
			inv.args = append(inv.args, a)
			continue
		}
		name := strings.TrimLeft(a, "-")
		value, hasValue := "", false
		if eq := strings.IndexByte(name, '='); eq >= 0 {
			name, value, hasValue = name[:eq], name[eq+1:], true
		}
		name = strings.TrimPrefix(name, "test.")
		takes := valueFlags[name]
		if takes && !hasValue {
			if i+1 >= len(in) {
				return nil, fmt.Errorf("flag -%s needs a value", name)
			}
			i++
			value = in[i]
		}
		if merged[name] {
			inv.values[name] = append(inv.values[name], value)
			continue
		}
		inv.args = append(inv.args, a)
		if takes && !hasValue {
			inv.args = append(inv.args, value)
		}
	}
	if verb == "run" && len(inv.patterns) == 0 {
		return nil, fmt.Errorf("redefine run: no package to run: use redefine run [build flags] PACKAGE [-- arguments]")
	}
	return inv, nil
}

// last returns the last value of a flag given several times.
func (inv *invocation) last(name string) string {
	v := inv.values[name]
	if len(v) == 0 {
		return ""
	}
	return v[len(v)-1]
}
