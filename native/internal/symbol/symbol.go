// Package symbol parses and prints function names in the form the Go runtime
// uses (runtime.FuncForPC(pc).Name()), which is how users name redefinition
// targets: time.Now, net/http.(*Client).Do, example.com/m/internal/store.load.
package symbol

import (
	"fmt"
	"strings"
)

// Name is one function or method, split into its parts.
type Name struct {
	Pkg  string // import path, "main" for a command's main package
	Recv string // receiver type name for a method, "" for a function
	Ptr  bool   // pointer receiver: (*T).M
	Func string // function or method name
	// TypeArgs are the type arguments of a generic function's or generic
	// receiver type's instantiation, spelled as the linker does: full
	// import paths, no space between them ("string,example.com/m.ID").
	// "" for names that are not instantiations.
	TypeArgs string
}

// String prints n the way the runtime does. Dots in the last element of the
// package path are escaped as %2e, as the linker does, so the name stays
// unambiguous.
func (n Name) String() string {
	pkg := EscapePath(n.Pkg)
	targs := ""
	if n.TypeArgs != "" {
		targs = "[" + n.TypeArgs + "]"
	}
	switch {
	case n.Recv == "":
		return pkg + "." + n.Func + targs
	case n.Ptr:
		return pkg + ".(*" + n.Recv + targs + ")." + n.Func
	default:
		return pkg + "." + n.Recv + targs + "." + n.Func
	}
}

// IsMethod reports whether n names a method.
func (n Name) IsMethod() bool { return n.Recv != "" }

// EscapePath escapes dots in the last element of an import path the way the
// linker does in symbol names (gopkg.in/yaml.v3 → gopkg.in/yaml%2ev3).
func EscapePath(path string) string {
	i := strings.LastIndexByte(path, '/')
	return path[:i+1] + strings.ReplaceAll(path[i+1:], ".", "%2e")
}

// Parse returns every reading of s. A name is ambiguous only when the last
// element of the package path contains literal dots (gopkg.in/yaml.v3.Marshal);
// the caller picks the reading whose package exists. The first reading is the
// one where the package path's last element has no dot, as the runtime prints.
func Parse(s string) ([]Name, error) {
	if s == "" {
		return nil, fmt.Errorf("empty function name: want a name like time.Now or net/http.(*Client).Do")
	}
	full := s
	s, targs, recvArgs, err := cutTypeArgs(s)
	if err != nil {
		return nil, fmt.Errorf("%q: %v", full, err)
	}
	if strings.ContainsAny(s, " \t\r\n") {
		return nil, fmt.Errorf("%q contains white space: want a name like time.Now or net/http.(*Client).Do", full)
	}
	names, err := parseBase(s)
	if err != nil || targs == "" {
		return names, err
	}
	var out []Name
	for _, n := range names {
		if recvArgs == n.IsMethod() {
			n.TypeArgs = targs
			out = append(out, n)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%q: type arguments go after a generic function's name (pkg.Max[int]) or after a method's receiver type (pkg.(*List[int]).Push)", full)
	}
	return out, nil
}

// parseBase parses a name without type arguments.
func parseBase(s string) ([]Name, error) {
	slash := strings.LastIndexByte(s, '/')
	dir, last := s[:slash+1], s[slash+1:]
	var out []Name
	// Try each dot in the last element as the end of the package path.
	for i := 0; i < len(last); i++ {
		if last[i] != '.' {
			continue
		}
		pkg := dir + strings.ReplaceAll(last[:i], "%2e", ".")
		rest := last[i+1:]
		n, err := parseRest(pkg, rest)
		if err != nil {
			if len(out) == 0 && !strings.Contains(last[i+1:], ".") || strings.HasPrefix(rest, "(") {
				return nil, fmt.Errorf("%q: %v", s, err)
			}
			continue
		}
		out = append(out, n)
		if strings.HasPrefix(rest, "(") {
			break // "(*T)" cannot be part of a package path
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%q is not a function name: want package path, a dot, then the function (time.Now), or the method with its receiver (net/http.(*Client).Do)", s)
	}
	return out, nil
}

func parseRest(pkg, rest string) (Name, error) {
	for _, elem := range strings.Split(pkg, "/") {
		if elem == "" || elem[0] == '.' || elem[len(elem)-1] == '.' {
			return Name{}, fmt.Errorf("malformed package path %q", pkg)
		}
	}
	n := Name{Pkg: pkg}
	if strings.HasPrefix(rest, "(*") {
		end := strings.Index(rest, ").")
		if end < 0 {
			return Name{}, fmt.Errorf("malformed pointer receiver: want (*T).Method")
		}
		n.Recv, n.Ptr, rest = rest[2:end], true, rest[end+2:]
		if !isIdent(n.Recv) {
			return Name{}, fmt.Errorf("receiver %q is not a type name", n.Recv)
		}
	} else if dot := strings.IndexByte(rest, '.'); dot >= 0 {
		n.Recv, rest = rest[:dot], rest[dot+1:]
		if !isIdent(n.Recv) {
			return Name{}, fmt.Errorf("receiver %q is not a type name", n.Recv)
		}
	}
	if !isIdent(rest) {
		if strings.HasPrefix(rest, "func") || strings.Contains(rest, "func") {
			return Name{}, fmt.Errorf("closures (%s) cannot be redefined: redefine the function that creates them", rest)
		}
		return Name{}, fmt.Errorf("%q is not a function name", rest)
	}
	if isClosureName(rest) {
		return Name{}, fmt.Errorf("closures (%s) cannot be redefined: redefine the function that creates them", rest)
	}
	n.Func = rest
	return n, nil
}

// isClosureName reports whether s is a compiler-made closure name (func1).
func isClosureName(s string) bool {
	digits := strings.TrimPrefix(s, "func")
	return digits != s && digits != "" && strings.Trim(digits, "0123456789") == ""
}

func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		switch {
		case r == '_' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || r >= 0x80:
		case '0' <= r && r <= '9' && i > 0:
		default:
			return false
		}
	}
	return true
}
