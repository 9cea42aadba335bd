package stub

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"go/types"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/tools/go/ast/astutil"
)

// Dest is the package a stub goes into.
type Dest struct {
	Dir     string            // the package's directory
	PkgName string            // its package clause
	PkgPath string            // its import path
	Taken   func(string) bool // reports whether a top-level name is in use in the package
	Test    bool              // write the _test.go variant
}

// FileName is the package's redefinition file.
func (d Dest) FileName() string {
	name := "redefine_" + d.PkgName
	if d.Test {
		name += "_test"
	}
	return filepath.Join(d.Dir, name+".go")
}

// Stub is what Generate produced.
type Stub struct {
	File     string // the redefinition file
	Created  bool   // the file did not exist
	Content  []byte // the file's new content
	Decl     string // the directive and declaration alone
	Target   string // the target's name, as a directive names it
	FuncName string // the replacement's name
	Line     int    // line of the directive in Content (1-based)
	// Imports are the import specs the stub added to the file
	// (`"time"`, `http2 "example.com/http"`).
	Imports []string
}

// Generate adds the stub for t to the redefinition file whose current
// content is existing (nil when the file does not exist).
func Generate(t *Target, d Dest, existing []byte) (*Stub, error) {
	fset := token.NewFileSet()
	created := existing == nil
	if created {
		// A build line must come before the package clause to count.
		if d.Test {
			existing = []byte(fmt.Sprintf("package %s\n", d.PkgName))
		} else {
			existing = []byte(fmt.Sprintf("//go:build redefine\n\npackage %s\n", d.PkgName))
		}
	}
	f, err := parser.ParseFile(fset, d.FileName(), existing, parser.ParseComments)
	if err != nil {
		return nil, fmt.Errorf("%s does not parse, so the stub cannot be added to it: %w; fix it (Problems lists the error), then redefine again", filepath.Base(d.FileName()), err)
	}
	q := newQualifier(d, f)
	sig := t.Sig
	if sig == nil {
		sig = t.Func.Type().(*types.Signature)
	}
	params, results, err := signature(sig, q)
	if err != nil {
		return nil, fmt.Errorf("cannot write a replacement for %s: %w", t.Name, err)
	}
	zeros := make([]string, 0, sig.Results().Len())
	for i := 0; i < sig.Results().Len(); i++ {
		z, err := zeroValue(sig.Results().At(i).Type(), q)
		if err != nil {
			return nil, fmt.Errorf("cannot write a replacement for %s: %w", t.Name, err)
		}
		zeros = append(zeros, z)
	}
	name := freeName(replacementName(t), d, f)
	var decl bytes.Buffer
	fmt.Fprintf(&decl, "//redefine:func %s\nfunc %s(%s)%s {\n", t.Name, name, params, results)
	if len(zeros) > 0 {
		fmt.Fprintf(&decl, "\treturn %s\n", strings.Join(zeros, ", "))
	}
	decl.WriteString("}\n")

	var imports []string
	for _, imp := range q.added {
		alias := imp.name
		if alias == imp.pkgName {
			alias = ""
		}
		if astutil.AddNamedImport(fset, f, alias, imp.path) {
			imports = append(imports, strings.TrimSpace(alias+" "+strconv.Quote(imp.path)))
		}
	}
	var out bytes.Buffer
	if err := format.Node(&out, fset, f); err != nil {
		return nil, err
	}
	body := bytes.TrimRight(out.Bytes(), "\n")
	line := bytes.Count(body, []byte("\n")) + 3
	content := append(body, "\n\n"...)
	content = append(content, decl.Bytes()...)
	formatted, err := format.Source(content)
	if err != nil {
		return nil, fmt.Errorf("generated stub does not format (please report this): %w\n%s", err, content)
	}
	return &Stub{
		File: d.FileName(), Created: created, Content: formatted, Decl: decl.String(),
		Target: t.Name.String(), FuncName: name, Line: line, Imports: imports,
	}, nil
}

// replacementName is redefined + the receiver type + the function name:
// redefinedNow, redefinedClientDo.
func replacementName(t *Target) string {
	return "redefined" + upperFirst(t.Name.Recv) + upperFirst(t.Name.Func)
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	r[0] = unicode.ToUpper(r[0])
	return string(r)
}

// freeName returns base, or base2, base3..., whichever the package and the
// file do not use yet: a stub never clobbers an existing name.
func freeName(base string, d Dest, f *ast.File) string {
	inFile := map[string]bool{}
	for _, decl := range f.Decls {
		if fd, ok := decl.(*ast.FuncDecl); ok && fd.Recv == nil {
			inFile[fd.Name.Name] = true
		}
	}
	for i := 1; ; i++ {
		name := base
		if i > 1 {
			name += strconv.Itoa(i)
		}
		if !inFile[name] && (d.Taken == nil || !d.Taken(name)) {
			return name
		}
	}
}

// signature prints the parameter list (receiver first) and results.
// Every type is qualified first, so that parameter names can then avoid the
// package names the stub uses: a parameter called time would hide package
// time from the zero value in the body.
func signature(sig *types.Signature, q *qualifier) (string, string, error) {
	var vars []*types.Var
	var fallbacks []string
	if recv := sig.Recv(); recv != nil {
		vars, fallbacks = append(vars, recv), append(fallbacks, "recv")
	}
	for i := 0; i < sig.Params().Len(); i++ {
		vars, fallbacks = append(vars, sig.Params().At(i)), append(fallbacks, fmt.Sprintf("arg%d", i))
	}
	typeStrings := make([]string, len(vars))
	for i, v := range vars {
		t, prefix := v.Type(), ""
		if sig.Variadic() && i == len(vars)-1 {
			t, prefix = t.(*types.Slice).Elem(), "..."
		}
		ts, err := q.typeString(t)
		if err != nil {
			return "", "", err
		}
		typeStrings[i] = prefix + ts
	}
	var results []string
	for i := 0; i < sig.Results().Len(); i++ {
		ts, err := q.typeString(sig.Results().At(i).Type())
		if err != nil {
			return "", "", err
		}
		results = append(results, ts)
	}
	used := map[string]bool{}
	for name := range q.names {
		used[name] = true
	}
	params := make([]string, len(vars))
	for i, v := range vars {
		n := v.Name()
		if n == "" || n == "_" {
			n = fallbacks[i]
		}
		for used[n] {
			n += "_"
		}
		used[n] = true
		params[i] = n + " " + typeStrings[i]
	}
	res := ""
	switch len(results) {
	case 0:
	case 1:
		res = " " + results[0]
	default:
		res = " (" + strings.Join(results, ", ") + ")"
	}
	return strings.Join(params, ", "), res, nil
}

// zeroValue is an expression for t's zero value.
func zeroValue(t types.Type, q *qualifier) (string, error) {
	switch u := t.Underlying().(type) {
	case *types.Basic:
		switch {
		case u.Info()&types.IsBoolean != 0:
			return "false", nil
		case u.Info()&types.IsString != 0:
			return `""`, nil
		case u.Kind() == types.UnsafePointer:
			return "nil", nil
		default:
			return "0", nil
		}
	case *types.Pointer, *types.Slice, *types.Map, *types.Chan, *types.Signature, *types.Interface:
		return "nil", nil
	default: // struct, array: a composite literal of the type as written
		ts, err := q.typeString(t)
		if err != nil {
			return "", err
		}
		return ts + "{}", nil
	}
}
