package stub

import (
	"fmt"
	"go/ast"
	"go/types"
	"strconv"
	"strings"
)

// qualifier names other packages in the stub: by the name the file already
// imports them under, or by a new import it records.
type qualifier struct {
	dest    Dest
	byPath  map[string]string // import path → name used in the file
	names   map[string]bool   // names already bound to imports
	added   []importSpec
	problem error
}

type importSpec struct{ name, pkgName, path string }

func newQualifier(d Dest, f *ast.File) *qualifier {
	q := &qualifier{dest: d, byPath: map[string]string{}, names: map[string]bool{}}
	for _, imp := range f.Imports {
		path, _ := strconv.Unquote(imp.Path.Value)
		name := ""
		if imp.Name != nil {
			name = imp.Name.Name
		} else {
			name = path[strings.LastIndex(path, "/")+1:]
		}
		if name == "_" || name == "." {
			continue
		}
		q.byPath[path] = name
		q.names[name] = true
	}
	return q
}

func (q *qualifier) qualify(p *types.Package) string {
	if p.Path() == q.dest.PkgPath {
		return ""
	}
	if name, ok := q.byPath[p.Path()]; ok {
		return name
	}
	if !importable(p.Path(), q.dest.PkgPath) && q.problem == nil {
		q.problem = fmt.Errorf("its signature uses package %s, which package %s may not import", p.Path(), q.dest.PkgPath)
	}
	name := p.Name()
	for i := 2; q.names[name] || q.dest.Taken != nil && q.dest.Taken(name); i++ {
		name = p.Name() + strconv.Itoa(i)
	}
	q.byPath[p.Path()] = name
	q.names[name] = true
	q.added = append(q.added, importSpec{name: name, pkgName: p.Name(), path: p.Path()})
	return name
}

// typeString prints t for the stub's file, or says why it cannot be named
// there (an unexported type of another package, an internal package).
func (q *qualifier) typeString(t types.Type) (string, error) {
	if err := q.nameable(t, map[types.Type]bool{}); err != nil {
		return "", err
	}
	s := types.TypeString(t, q.qualify)
	return s, q.problem
}

func (q *qualifier) nameable(t types.Type, seen map[types.Type]bool) error {
	if seen[t] {
		return nil
	}
	seen[t] = true
	switch t := t.(type) {
	case *types.Alias:
		if obj := t.Obj(); obj.Pkg() != nil && obj.Pkg().Path() != q.dest.PkgPath && !obj.Exported() {
			return q.nameable(types.Unalias(t), seen)
		}
	case *types.Named:
		obj := t.Obj()
		if obj.Pkg() != nil && obj.Pkg().Path() != q.dest.PkgPath && !obj.Exported() {
			return fmt.Errorf("its signature uses %s.%s, an unexported type that package %s cannot name", obj.Pkg().Path(), obj.Name(), q.dest.PkgPath)
		}
		for i := 0; i < t.TypeArgs().Len(); i++ {
			if err := q.nameable(t.TypeArgs().At(i), seen); err != nil {
				return err
			}
		}
	case *types.Pointer:
		return q.nameable(t.Elem(), seen)
	case *types.Slice:
		return q.nameable(t.Elem(), seen)
	case *types.Array:
		return q.nameable(t.Elem(), seen)
	case *types.Chan:
		return q.nameable(t.Elem(), seen)
	case *types.Map:
		if err := q.nameable(t.Key(), seen); err != nil {
			return err
		}
		return q.nameable(t.Elem(), seen)
	case *types.Signature:
		for _, tup := range []*types.Tuple{t.Params(), t.Results()} {
			for i := 0; i < tup.Len(); i++ {
				if err := q.nameable(tup.At(i).Type(), seen); err != nil {
					return err
				}
			}
		}
	case *types.Struct:
		for i := 0; i < t.NumFields(); i++ {
			if err := q.nameable(t.Field(i).Type(), seen); err != nil {
				return err
			}
		}
	case *types.Interface:
		for i := 0; i < t.NumExplicitMethods(); i++ {
			if err := q.nameable(t.ExplicitMethod(i).Type(), seen); err != nil {
				return err
			}
		}
		for i := 0; i < t.NumEmbeddeds(); i++ {
			if err := q.nameable(t.EmbeddedType(i), seen); err != nil {
				return err
			}
		}
	}
	return nil
}

// importable applies the go command's internal-package rule: a path with an
// internal element can be imported only from within the tree rooted at the
// internal element's parent.
func importable(path, from string) bool {
	elems := strings.Split(path, "/")
	for i, e := range elems {
		if e == "internal" {
			parent := strings.Join(elems[:i], "/")
			if parent == "" {
				return false // standard library internal packages
			}
			return from == parent || strings.HasPrefix(from, parent+"/")
		}
		if e == "vendor" {
			return false
		}
	}
	return true
}
