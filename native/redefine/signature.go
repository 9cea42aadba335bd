package redefine

import (
	"debug/dwarf"
	"debug/elf"
	"debug/macho"
	"errors"
	"fmt"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"syscall"
)

// Signature checks for ByName. The runtime keeps no types for arbitrary
// functions, but a program built with DWARF (test binaries, and programs
// built without -ldflags=-w) describes every function's parameters and
// results there, with their types spelled as Go spells them with full
// import paths ("*net/http.Request", "map[string]int"). The engine reads
// its own executable's DWARF once, the first time ByName needs it. Without
// DWARF only the size of the parameters, which the runtime records, can be
// compared; results cannot.

// signature is a function's parameter and result types, as DWARF spells
// them.
type signature struct {
	params, results []string
}

func (s signature) String() string {
	res := strings.Join(s.results, ", ")
	if len(s.results) > 1 {
		res = "(" + res + ")"
	}
	return strings.TrimSpace("func(" + strings.Join(s.params, ", ") + ") " + res)
}

// checkSignature compares the replacement with the target t. replacement
// is nil for start-up redefinitions, whose types the redefine command
// checked when it built the program: their sizes are compared all the same.
func checkSignature(t target, replacement any, rfv *funcval) error {
	if replacement == nil {
		return checkFrameSize(t, rfv)
	}
	want, err := dwarfSignature(t.name)
	if err != nil {
		if ferr := checkFrameSize(t, rfv); ferr != nil {
			return fmt.Errorf("%w (%v, so only the parameters' size could be compared)", ferr, err)
		}
		return nil
	}
	got := signatureOf(reflect.TypeOf(replacement))
	if !sameTypes(got.params, want.params) || !sameTypes(got.results, want.results) {
		return fmt.Errorf("%s: the replacement is %s, the target %s (a method's receiver is the replacement's first parameter): %w",
			t.name, got, want, ErrTypeMismatch)
	}
	return nil
}

func sameTypes(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// checkFrameSize compares the argument sizes the runtime records for the
// target and the replacement's code (_func.args counts the parameters only).
func checkFrameSize(t target, rfv *funcval) error {
	i := mainModule.findFunc(textPC(rfv.fn))
	if i < 0 {
		return nil // code outside the table; nothing to compare
	}
	r := mainModule.funcAt(i)
	if got, want := r.f.args, t.fi.f.args; got != want {
		return fmt.Errorf("%s: the replacement takes %d bytes of parameters, the target %d: "+
			"the signatures differ (a method's receiver is the replacement's first parameter): %w",
			t.name, got, want, ErrTypeMismatch)
	}
	return nil
}

// signatureOf spells a func type's parameters and results as DWARF does.
func signatureOf(ft reflect.Type) signature {
	var s signature
	for i := 0; i < ft.NumIn(); i++ {
		in := ft.In(i)
		if ft.IsVariadic() && i == ft.NumIn()-1 {
			// DWARF records a variadic parameter as the slice it is.
			s.params = append(s.params, "[]"+typeName(in.Elem()))
			continue
		}
		s.params = append(s.params, typeName(in))
	}
	for i := 0; i < ft.NumOut(); i++ {
		s.results = append(s.results, typeName(ft.Out(i)))
	}
	return s
}

// typeName spells t as the Go linker does in DWARF: named types with their
// full import path, composite types in Go syntax.
func typeName(t reflect.Type) string {
	if t.Name() != "" {
		if t.PkgPath() == "" {
			return t.Name()
		}
		return t.PkgPath() + "." + t.Name()
	}
	switch t.Kind() {
	case reflect.Pointer:
		return "*" + typeName(t.Elem())
	case reflect.Slice:
		return "[]" + typeName(t.Elem())
	case reflect.Array:
		return fmt.Sprintf("[%d]%s", t.Len(), typeName(t.Elem()))
	case reflect.Map:
		return "map[" + typeName(t.Key()) + "]" + typeName(t.Elem())
	case reflect.Chan:
		switch t.ChanDir() {
		case reflect.RecvDir:
			return "<-chan " + typeName(t.Elem())
		case reflect.SendDir:
			return "chan<- " + typeName(t.Elem())
		}
		return "chan " + typeName(t.Elem())
	case reflect.Func:
		return signatureOf(t).String()
	case reflect.Interface:
		if t.NumMethod() == 0 {
			return "interface {}"
		}
		var ms []string
		for i := 0; i < t.NumMethod(); i++ {
			m := t.Method(i)
			ms = append(ms, m.Name+strings.TrimPrefix(signatureOf(m.Type).String(), "func"))
		}
		return "interface { " + strings.Join(ms, "; ") + " }"
	case reflect.Struct:
		if t.NumField() == 0 {
			return "struct {}"
		}
		var fs []string
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if f.Anonymous {
				fs = append(fs, typeName(f.Type))
				continue
			}
			fs = append(fs, f.Name+" "+typeName(f.Type))
		}
		return "struct { " + strings.Join(fs, "; ") + " }"
	}
	return t.String()
}

var (
	dwarfOnce  sync.Once
	dwarfData  *dwarf.Data
	dwarfFuncs map[string]dwarf.Offset // function name → its subprogram entry
	dwarfErr   error
)

// dwarfSignature returns the signature DWARF records for the function
// called name.
func dwarfSignature(name string) (signature, error) {
	dwarfOnce.Do(loadDWARF)
	if dwarfErr != nil {
		return signature{}, dwarfErr
	}
	off, ok := dwarfFuncs[name]
	if !ok {
		return signature{}, fmt.Errorf("the program's DWARF does not describe %s", name)
	}
	r := dwarfData.Reader()
	r.Seek(off)
	if _, err := r.Next(); err != nil {
		return signature{}, err
	}
	var s signature
	for {
		e, err := r.Next()
		if err != nil {
			return signature{}, err
		}
		if e == nil || e.Tag == 0 {
			return s, nil
		}
		if e.Tag == dwarf.TagFormalParameter {
			tn, err := dwarfTypeName(e)
			if err != nil {
				return signature{}, err
			}
			if isResult, _ := e.Val(dwarf.AttrVarParam).(bool); isResult {
				s.results = append(s.results, tn)
			} else {
				s.params = append(s.params, tn)
			}
		}
		if e.Children {
			r.SkipChildren()
		}
	}
}

// dwarfTypeName returns the name of a parameter's type entry. A generic
// function's parameters of type T refer to a typedef ".param0" (its type
// parameter) declared in the function, which refers to the type argument.
func dwarfTypeName(param *dwarf.Entry) (string, error) {
	off, ok := param.Val(dwarf.AttrType).(dwarf.Offset)
	if !ok {
		return "", fmt.Errorf("a parameter without a type in DWARF")
	}
	for {
		r := dwarfData.Reader()
		r.Seek(off)
		e, err := r.Next()
		if err != nil || e == nil {
			return "", fmt.Errorf("reading a parameter's type in DWARF: %v", err)
		}
		name, _ := e.Val(dwarf.AttrName).(string)
		next, ok := e.Val(dwarf.AttrType).(dwarf.Offset)
		if e.Tag != dwarf.TagTypedef || !strings.HasPrefix(name, ".param") || !ok {
			return name, nil
		}
		off = next
	}
}

// loadDWARF reads the running executable's DWARF and indexes its
// functions. The file is read with system calls directly, not through
// package os, whose functions a program may have redefined.
func loadDWARF() {
	f, err := openSelf()
	if err != nil {
		dwarfErr = fmt.Errorf("the program's executable cannot be read (%v)", err)
		return
	}
	defer syscall.Close(int(f))
	var d *dwarf.Data
	if runtime.GOOS == "darwin" {
		var mf *macho.File
		if mf, err = macho.NewFile(f); err == nil {
			d, err = mf.DWARF()
		}
	} else {
		var ef *elf.File
		if ef, err = elf.NewFile(f); err == nil {
			d, err = ef.DWARF()
		}
	}
	if err != nil || d == nil {
		dwarfErr = fmt.Errorf("the program was built without DWARF (-ldflags=-w, or go run)")
		return
	}
	funcs := map[string]dwarf.Offset{}
	r := d.Reader()
	for {
		e, err := r.Next()
		if err != nil || e == nil {
			break
		}
		switch e.Tag {
		case dwarf.TagCompileUnit:
			continue // its children are the package's declarations
		case dwarf.TagSubprogram:
			if name, ok := e.Val(dwarf.AttrName).(string); ok {
				if _, seen := funcs[name]; !seen {
					funcs[name] = e.Offset
				}
			}
		}
		if e.Children {
			r.SkipChildren()
		}
	}
	dwarfData, dwarfFuncs = d, funcs
}

// selfFile reads the executable through a file descriptor.
type selfFile int

func (f selfFile) ReadAt(p []byte, off int64) (int, error) {
	n := 0
	for n < len(p) {
		m, err := syscall.Pread(int(f), p[n:], off+int64(n))
		if err != nil {
			return n, err
		}
		if m == 0 {
			return n, errors.New("unexpected end of the executable")
		}
		n += m
	}
	return n, nil
}
