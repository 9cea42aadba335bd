package symbol

import (
	"fmt"
	"strings"
)

// cutTypeArgs removes the one bracketed list of type arguments from an
// instantiation's name: "example.com/m.Max[int]" → "example.com/m.Max",
// "int"; "example.com/m.(*List[string]).Push" → "example.com/m.(*List).Push",
// "string", on a receiver. The type arguments come back in the linker's
// spelling (LinkerSpelling). A name without brackets comes back as it is.
func cutTypeArgs(s string) (base, targs string, onRecv bool, err error) {
	open := strings.IndexByte(s, '[')
	if open < 0 {
		if strings.IndexByte(s, ']') >= 0 {
			return "", "", false, fmt.Errorf("unbalanced ]")
		}
		return s, "", false, nil
	}
	depth := 0
	for i := open; i < len(s); i++ {
		switch s[i] {
		case '[':
			depth++
		case ']':
			depth--
			if depth == 0 {
				targs = strings.TrimSpace(s[open+1 : i])
				rest := s[i+1:]
				switch {
				case targs == "":
					return "", "", false, fmt.Errorf("empty type argument list")
				case strings.ContainsAny(rest, "[]"):
					return "", "", false, fmt.Errorf("more than one list of type arguments")
				}
				return s[:open] + rest, LinkerSpelling(targs), rest != "", nil
			}
		}
	}
	return "", "", false, fmt.Errorf("unbalanced [")
}

// LinkerSpelling spells a list of type arguments as the linker does in
// symbol names: no space after the commas between them, and any as
// "interface {}". "string, any" → "string,interface {}".
func LinkerSpelling(targs string) string {
	var b strings.Builder
	depth := 0 // brackets and parentheses within the list
	for i := 0; i < len(targs); i++ {
		c := targs[i]
		switch c {
		case '[', '(', '{':
			depth++
		case ']', ')', '}':
			depth--
		}
		if c == 'a' && strings.HasPrefix(targs[i:], "any") && (i == 0 || !isPathByte(targs[i-1])) && (i+3 == len(targs) || !isPathByte(targs[i+3])) {
			b.WriteString("interface {}")
			i += 2
			continue
		}
		b.WriteByte(c)
		if c == ',' && depth == 0 {
			for i+1 < len(targs) && targs[i+1] == ' ' {
				i++
			}
		}
	}
	return b.String()
}

func isPathByte(c byte) bool {
	return c == '_' || c == '.' || c == '/' || c == '-' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c >= 0x80
}

// ReplaceTypeArgPackage returns n with every type named in its type
// arguments from package path old named from package new instead (a
// command's types are main.T in its program, <import path>.T in its test
// binary).
func (n Name) ReplaceTypeArgPackage(old, new string) Name {
	if n.TypeArgs == "" || old == new {
		return n
	}
	var b strings.Builder
	s := n.TypeArgs
	for i := 0; i < len(s); {
		if strings.HasPrefix(s[i:], old+".") && (i == 0 || !isPathByte(s[i-1])) {
			b.WriteString(new + ".")
			i += len(old) + 1
			continue
		}
		b.WriteByte(s[i])
		i++
	}
	n.TypeArgs = b.String()
	return n
}
