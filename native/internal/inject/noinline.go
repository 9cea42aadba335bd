package inject

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"goredefine.dev/internal/directives"
)

// A call site the compiler inlined never reaches a redefinition. Rather than
// turn inlining off everywhere (-gcflags=all=-l, which made real suites up
// to 1.8× slower), the build keeps only the targets it knows of out of
// inlining: //go:noinline is added to each one's declaration through the
// overlay, in the standard library too. The go command refuses overlays
// beneath GOMODCACHE, so a target declared in a module there has its
// package compiled with -l instead (a package built with -l exports no
// function bodies to inline). Targets known only at run time are reported
// by the engine (ErrInlined, "was inlined into").

// noinlineEdits returns the overlay that marks every declaration
// //go:noinline, and the import paths of the packages that need -l. base
// holds the overlay built so far (a file may already be replaced).
func noinlineEdits(decls []directives.Decl, modcache string, base overlay) (overlay, []string, error) {
	byFile := map[string][]directives.Decl{}
	for _, d := range decls {
		byFile[d.Pos.Filename] = append(byFile[d.Pos.Filename], d)
	}
	files := make([]string, 0, len(byFile))
	for f := range byFile {
		files = append(files, f)
	}
	sort.Strings(files)
	out := overlay{}
	var withL []string
	seenPkg := map[string]bool{}
	for _, f := range files {
		if modcache != "" && strings.HasPrefix(f, modcache+string(filepath.Separator)) {
			for _, d := range byFile[f] {
				if !seenPkg[d.Pkg] {
					seenPkg[d.Pkg] = true
					withL = append(withL, d.Pkg)
				}
			}
			continue
		}
		src, ok := base[f]
		if !ok {
			var err error
			if src, err = os.ReadFile(f); err != nil {
				return nil, nil, err
			}
		}
		lines := make([]int, 0, len(byFile[f]))
		for _, d := range byFile[f] {
			lines = append(lines, d.Pos.Line)
		}
		edited, err := markNoinline(f, src, lines)
		if err != nil {
			return nil, nil, err
		}
		if edited != nil {
			out[f] = edited
		}
	}
	return out, withL, nil
}

// markNoinline adds //go:noinline to the functions whose names are declared
// on the given lines, keeping every line where it was (positions in
// tracebacks, coverage and the debugger stay right): the directive takes the
// place of the blank or comment line just above the func, or else is
// inserted with a //line directive that restores the numbering. It returns
// nil when there is nothing to change.
func markNoinline(filename string, src []byte, nameLines []int) ([]byte, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, filename, src, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return nil, fmt.Errorf("keeping targets out of inlining: %w", err)
	}
	want := map[int]bool{}
	for _, l := range nameLines {
		want[l] = true
	}
	lines := strings.SplitAfter(string(src), "\n")
	insertBefore := map[int]bool{} // 0-based line index
	changed := false
	for _, decl := range f.Decls {
		fd, ok := decl.(*ast.FuncDecl)
		if !ok || !want[fset.Position(fd.Name.Pos()).Line] || hasNoinline(fd) {
			continue
		}
		funcLine := fset.Position(fd.Type.Func).Line - 1
		if i := freeLineAbove(lines, funcLine); i >= 0 {
			lines[i] = "//go:noinline\n"
		} else {
			insertBefore[funcLine] = true
		}
		changed = true
	}
	if !changed {
		return nil, nil
	}
	var b strings.Builder
	for i, line := range lines {
		if insertBefore[i] {
			fmt.Fprintf(&b, "//go:noinline\n//line %s:%d\n", filename, i+1)
		}
		b.WriteString(line)
	}
	return []byte(b.String()), nil
}

func hasNoinline(fd *ast.FuncDecl) bool {
	if fd.Doc == nil {
		return false
	}
	for _, c := range fd.Doc.List {
		if strings.TrimSpace(c.Text) == "//go:noinline" {
			return true
		}
	}
	return false
}

// freeLineAbove finds the line to turn into //go:noinline: going up from the
// func through its comment, the first blank or plain comment line
// (directives such as //go:nosplit stay). -1 when there is none.
func freeLineAbove(lines []string, funcLine int) int {
	for i := funcLine - 1; i >= 0; i-- {
		t := strings.TrimSpace(lines[i])
		switch {
		case t == "":
			return i
		case !strings.HasPrefix(t, "//"):
			return -1 // code: no comment or blank line in between
		case isDirective(t):
			continue
		default:
			return i
		}
	}
	return -1
}

// isDirective reports whether a comment line is a directive to a tool
// (//go:..., //line, //export, //nolint:...), which must stay.
func isDirective(t string) bool {
	body := strings.TrimPrefix(t, "//")
	if strings.HasPrefix(body, "line ") || strings.HasPrefix(body, "export ") || strings.HasPrefix(body, "extern ") {
		return true
	}
	word, _, ok := strings.Cut(body, ":")
	if !ok || word == "" {
		return false
	}
	for _, r := range word {
		if !('a' <= r && r <= 'z' || '0' <= r && r <= '9') {
			return false
		}
	}
	return true
}
