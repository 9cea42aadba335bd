package symbol

import (
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []Name
	}{
		{"time.Now", []Name{{Pkg: "time", Func: "Now"}}},
		{"net/http.(*Client).Do", []Name{{Pkg: "net/http", Recv: "Client", Ptr: true, Func: "Do"}}},
		{"example.com/m.T.Method", []Name{
			{Pkg: "example.com/m", Recv: "T", Func: "Method"},
			{Pkg: "example.com/m.T", Func: "Method"},
		}},
		{"example.com/m/internal/store.load", []Name{{Pkg: "example.com/m/internal/store", Func: "load"}}},
		{"main.fixedNow", []Name{{Pkg: "main", Func: "fixedNow"}}},
		{"gopkg.in/yaml%2ev3.Marshal", []Name{{Pkg: "gopkg.in/yaml.v3", Func: "Marshal"}}},
		{"gopkg.in/yaml.v3.Marshal", []Name{
			{Pkg: "gopkg.in/yaml", Recv: "v3", Func: "Marshal"},
			{Pkg: "gopkg.in/yaml.v3", Func: "Marshal"},
		}},
		{"example.com/g.Max[example.com/g.MyInt]", []Name{{Pkg: "example.com/g", Func: "Max", TypeArgs: "example.com/g.MyInt"}}},
		{"example.com/g.(*Box[string]).Get", []Name{{Pkg: "example.com/g", Recv: "Box", Ptr: true, Func: "Get", TypeArgs: "string"}}},
		{"example.com/g.Box[map[string][]int].Val", []Name{{Pkg: "example.com/g", Recv: "Box", Func: "Val", TypeArgs: "map[string][]int"}}},
		{"example.com/g.Pair[string, any]", []Name{{Pkg: "example.com/g", Func: "Pair", TypeArgs: "string,interface {}"}}},
		{"slices.Insert[[]int,int]", []Name{{Pkg: "slices", Func: "Insert", TypeArgs: "[]int,int"}}},
	} {
		got, err := Parse(tc.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", tc.in, err)
			continue
		}
		if len(got) != len(tc.want) {
			t.Errorf("Parse(%q) = %+v, want %+v", tc.in, got, tc.want)
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("Parse(%q)[%d] = %+v, want %+v", tc.in, i, got[i], tc.want[i])
			}
		}
	}
}

func TestParseErrors(t *testing.T) {
	for in, want := range map[string]string{
		"":                              "empty function name",
		"Now":                           "is not a function name",
		"time.":                         "is not a function name",
		"time.Now now":                  "white space",
		"slices.Sort[]":                 "empty type argument list",
		"slices.Sort[[]int":             "unbalanced",
		"example.com/g.(*Box).Get[int]": "type arguments go after",
		"example.com/g.A[int].B[int]":   "more than one",
		"net/http.(*Client.Do":          "malformed pointer receiver",
		"example.com/m.main.func1":      "closures",
	} {
		_, err := Parse(in)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Parse(%q) error = %v, want it to contain %q", in, err, want)
		}
	}
}

func TestString(t *testing.T) {
	for _, s := range []string{"time.Now", "net/http.(*Client).Do", "example.com/m.T.Method", "gopkg.in/yaml%2ev3.Marshal"} {
		n, err := Parse(s)
		if err != nil {
			t.Fatal(err)
		}
		if got := n[0].String(); got != s {
			t.Errorf("Parse(%q).String() = %q", s, got)
		}
	}
}

func TestStringRoundTrip(t *testing.T) {
	for _, in := range []string{"example.com/g.Max[example.com/g.MyInt]", "example.com/g.(*Box[string]).Get", "example.com/g.Box[string,int].Val", "time.Now"} {
		names, err := Parse(in)
		if err != nil || names[0].String() != in {
			t.Errorf("Parse(%q)[0].String() = %v, %v", in, names, err)
		}
	}
	n := Name{Pkg: "main", Func: "Max", TypeArgs: "example.com/cmd.ID,[]example.com/cmdx.ID"}
	if got := n.ReplaceTypeArgPackage("example.com/cmd", "main").TypeArgs; got != "main.ID,[]example.com/cmdx.ID" {
		t.Errorf("ReplaceTypeArgPackage: %s", got)
	}
}
