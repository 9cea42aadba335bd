package redefine

import (
	"fmt"
	"sort"
	"strings"
	"sync"
)

var (
	nameIndexOnce sync.Once
	nameIndex     map[string]int // symbol name → function index in mainModule
)

// lookupName finds the function called name in the program's table.
func lookupName(name string) (target, error) {
	if err := checkLayout(); err != nil {
		return target{}, err
	}
	nameIndexOnce.Do(buildNameIndex)
	i, ok := nameIndex[name]
	if !ok && isInstantiation(name) {
		if i, ok = nameIndex[linkerSpelling(name)]; ok {
			name = linkerSpelling(name)
		}
	}
	if !ok {
		msg := fmt.Sprintf("%s: %v", name, ErrNotFound)
		if s := suggestNames(name, 3); len(s) > 0 {
			msg += "; did you mean " + strings.Join(s, ", ") + "?"
		}
		msg += " (names are spelled as runtime.FuncForPC prints them; the linker leaves out functions nothing calls)"
		if isInstantiation(name) {
			msg += "; an instantiation of a generic function or method is found by name only where the program uses it as a func value, " +
				"a method value or through an interface: pass it to Func itself, or keep it in a variable"
		}
		return target{}, &notFoundError{msg}
	}
	md := mainModule
	fi := md.funcAt(i)
	return target{idx: i, fi: fi, name: name, entry: fi.entry(), end: md.funcEnd(i)}, nil
}

// linkerSpelling spells type arguments as the linker does: no space after
// the commas between them, and any as "interface {}".
func linkerSpelling(name string) string {
	var b strings.Builder
	brackets, parens, argParens := 0, 0, 0
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch c {
		case '[':
			if brackets == 0 {
				argParens = parens
			}
			brackets++
		case ']':
			brackets--
		case '(':
			parens++
		case ')':
			parens--
		}
		if brackets > 0 && strings.HasPrefix(name[i:], "any") && !isIdentByte(name[i-1]) && (i+3 == len(name) || !isIdentByte(name[i+3])) {
			b.WriteString("interface {}")
			i += 2
			continue
		}
		b.WriteByte(c)
		if c == ',' && brackets == 1 && parens == argParens {
			for i+1 < len(name) && name[i+1] == ' ' {
				i++
			}
		}
	}
	return b.String()
}

func isIdentByte(c byte) bool {
	return c == '_' || c == '.' || c == '/' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c >= 0x80
}

type notFoundError struct{ msg string }

func (e *notFoundError) Error() string { return e.msg }
func (e *notFoundError) Unwrap() error { return ErrNotFound }

// hasName reports whether the program links a function called name.
func hasName(name string) bool {
	nameIndexOnce.Do(buildNameIndex)
	_, ok := nameIndex[name]
	return ok
}

// buildNameIndex maps every function name once; the strings point into the
// pclntab, so the index costs one map entry per function.
func buildNameIndex() {
	md := mainModule
	nameIndex = make(map[string]int, md.nfuncs())
	for i := 0; i < md.nfuncs(); i++ {
		nameIndex[md.funcAt(i).name()] = i
	}
}

// suggestNames returns up to n names closest to name by edit distance,
// ignoring case, and only reasonably close ones.
func suggestNames(name string, n int) []string {
	type scored struct {
		name string
		d    int
	}
	want := strings.ToLower(name)
	limit := max(2, len(name)/3)
	var best []scored
	for cand := range nameIndex {
		if abs(len(cand)-len(name)) > limit {
			continue
		}
		if d := editDistance(want, strings.ToLower(cand), limit); d <= limit {
			best = append(best, scored{cand, d})
		}
	}
	sort.Slice(best, func(i, j int) bool {
		if best[i].d != best[j].d {
			return best[i].d < best[j].d
		}
		return best[i].name < best[j].name
	})
	var out []string
	for i := 0; i < len(best) && i < n; i++ {
		out = append(out, best[i].name)
	}
	return out
}

// editDistance is the Levenshtein distance of a and b, or limit+1 as soon as
// it must exceed limit.
func editDistance(a, b string, limit int) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > limit {
			return limit + 1
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
