package inject

import (
	"strconv"
	"strings"
)

// mergeTags adds tag to the user's -tags values. A -tags list is
// comma-separated (space-separated in old releases; both are accepted).
func mergeTags(user []string, tag string) string {
	var out []string
	seen := map[string]bool{}
	add := func(t string) {
		if t != "" && !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	// Like the go command, the last -tags wins.
	if len(user) > 0 {
		for _, t := range strings.FieldsFunc(user[len(user)-1], func(r rune) bool { return r == ',' || r == ' ' }) {
			add(t)
		}
	}
	add(tag)
	return strings.Join(out, ",")
}

// mergeGcflags returns the -gcflags values of -inlining=off: all=-l first,
// then each of the user's values with -l added. For a package that several
// -gcflags patterns match, the go command uses the last one only, so the
// user's values must carry -l themselves or they would undo ours.
func mergeGcflags(user []string) []string {
	out := []string{"all=-l"}
	for _, v := range user {
		pattern, flags := splitGcflags(v)
		if !hasFlag(flags, "-l") {
			flags = strings.TrimSpace(flags + " -l")
		}
		out = append(out, pattern+flags)
	}
	return out
}

// packageGcflags returns the -gcflags values that add -l to the given
// packages only (the default, -inlining=keep, for targets in packages that
// cannot be overlaid): the user's own values, then one per package with -l
// and the flags of the user's last value.
func packageGcflags(user []string, pkgs []string) []string {
	out := append([]string(nil), user...)
	last := ""
	if len(user) > 0 {
		_, last = splitGcflags(user[len(user)-1])
	}
	for _, p := range pkgs {
		flags := last
		if !hasFlag(flags, "-l") {
			flags = strings.TrimSpace(flags + " -l")
		}
		out = append(out, p+"="+flags)
	}
	return out
}

// splitGcflags splits "pattern=flags" (the pattern with its =) from flags.
func splitGcflags(v string) (pattern, flags string) {
	if i := strings.IndexByte(v, '='); i >= 0 && !strings.HasPrefix(v, "-") {
		return v[:i+1], v[i+1:]
	}
	return "", v
}

func hasFlag(flags, f string) bool {
	for _, x := range strings.Fields(flags) {
		if x == f {
			return true
		}
	}
	return false
}

// splitGOFLAGS takes the flags the command merges out of a GOFLAGS value
// (they would otherwise be overridden by the command line's) and returns the
// remaining GOFLAGS and the taken values by flag name.
func splitGOFLAGS(goflags string) (string, map[string][]string) {
	taken := map[string][]string{}
	var keep []string
	for _, f := range strings.Fields(goflags) {
		name := strings.TrimLeft(f, "-")
		value := ""
		if i := strings.IndexByte(name, '='); i >= 0 {
			name, value = name[:i], name[i+1:]
		}
		switch name {
		case "tags", "gcflags", "overlay", "modfile", "toolexec":
			taken[name] = append(taken[name], value)
		default:
			keep = append(keep, f)
		}
	}
	return strings.Join(keep, " "), taken
}

// vetReadsOverlays reports whether go vet (as go test runs it) honours
// -overlay: since Go 1.24.
func vetReadsOverlays(goVersion string) bool {
	v := strings.TrimPrefix(goVersion, "go")
	major, rest, _ := strings.Cut(v, ".")
	minorStr, _, _ := strings.Cut(rest, ".")
	minorStr = strings.TrimRightFunc(minorStr, func(r rune) bool { return r < '0' || r > '9' })
	minor, err := strconv.Atoi(minorStr)
	if major != "1" || err != nil {
		return true // an unknown form: assume a newer release
	}
	return minor >= 24
}

// hasFlagArg reports whether args set the flag name (-name, -name=v).
func hasFlagArg(args []string, name string) bool {
	for _, a := range args {
		n := strings.TrimLeft(a, "-")
		if n != a && (n == name || strings.HasPrefix(n, name+"=")) {
			return true
		}
	}
	return false
}
