package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestStubCompiles writes stubs for a method call on a value, a method
// expression, a stdlib function, a stdlib method and a declaration, into
// both redefinition files, then requires the package to compile with the
// redefine tag and every directive to check out.
func TestStubCompiles(t *testing.T) {
	dir := fixture(t, "stubs")
	file := filepath.Join(dir, "shop", "shop.go")
	for _, c := range []struct {
		pos  string
		test bool
		want string
	}{
		{"33:4", false, "func redefinedCartAdd(c *Cart, items ...string) int {"},
		{"34:9", false, "func redefinedCartTotal(c Cart, ctx context.Context, prices map[string]float64) (float64, error) {"},
		{"36:9", false, "func redefinedNow() time.Time {\n\treturn time.Time{}"},
		{"37:29", false, "func redefinedClientDo(c *http.Client, req *http.Request) (*http.Response, error) {"},
		{"26:7", true, "func redefinedHelper2(w io.Writer, n int) (int, error) {"},
	} {
		args := []string{"stub", "-w"}
		if c.test {
			args = append(args, "-test")
		}
		r := redefine(t, dir, nil, append(args, file+":"+c.pos)...)
		if r.code != 0 {
			t.Fatalf("stub %s: exit %d\n%s", c.pos, r.code, r.stderr)
		}
		name := "redefine_shop.go"
		if c.test {
			name = "redefine_shop_test.go"
		}
		data, _ := os.ReadFile(filepath.Join(dir, "shop", name))
		if !strings.Contains(string(data), c.want) {
			t.Errorf("stub %s: %s lacks %q:\n%s", c.pos, name, c.want, data)
		}
	}
	if out, err := exec.Command("go", "vet", "-C", dir, "-tags", "redefine", "./...").CombinedOutput(); err != nil {
		t.Fatalf("the stubs do not compile: %v\n%s", err, out)
	}
	r := redefine(t, dir, fakeEngine(t), "test", "-count=1", "-run", "none", "./...")
	if r.code != 0 {
		t.Fatalf("redefine test on the stubs: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// A target redefined already gets no second stub (it would be refused):
	// the refusal says where the first one is.
	untouched(t, dir, func() {
		r = redefine(t, dir, nil, "stub", "-w", file+":36:9")
	})
	if r.code == 0 || !strings.Contains(r.stderr, "time.Now is already redefined by redefinedNow at redefine_shop.go:") {
		t.Errorf("stub of a redefined target: exit %d, output:\n%s%s", r.code, r.stdout, r.stderr)
	}
	// Printing (no -w) changes nothing and prints the declaration.
	untouched(t, dir, func() {
		r = redefine(t, dir, nil, "stub", file+":38:16")
	})
	if r.code != 0 || !strings.HasPrefix(r.stdout, "//redefine:func strings.Repeat\nfunc redefinedRepeat(s string, count int) string {") {
		t.Errorf("stub without -w: exit %d, output:\n%s%s", r.code, r.stdout, r.stderr)
	}
}

func TestStubRefusals(t *testing.T) {
	dir, _ := filepath.Abs("testdata/stubs")
	file := filepath.Join(dir, "shop", "shop.go")
	for pos, want := range map[string]string{
		"44:12": "is an interface method",
		"45:7":  "is a built-in",
		"50:6":  "is generic: ask at a call of it",
		"17:1":  "no function name at this position",
		"32:2":  "is a variable, not a function",
	} {
		var r result
		untouched(t, dir, func() { r = redefine(t, dir, nil, "stub", "-w", file+":"+pos) })
		if r.code == 0 || !strings.Contains(r.stderr, want) {
			t.Errorf("stub %s: exit %d, stderr %q, want %q", pos, r.code, r.stderr, want)
		}
	}
}

// TestStubPrintsImports: printed stubs say which imports the file lacks.
func TestStubPrintsImports(t *testing.T) {
	dir, _ := filepath.Abs("testdata/stubs")
	r := redefine(t, dir, nil, "stub", filepath.Join(dir, "shop", "shop.go")+":37:29")
	want := "import \"net/http\"\n\n//redefine:func net/http.(*Client).Do\nfunc redefinedClientDo(c *http.Client, req *http.Request) (*http.Response, error) {\n\treturn nil, nil\n}\n"
	if r.code != 0 || r.stdout != want {
		t.Errorf("exit %d, output:\n%s\nwant:\n%s", r.code, r.stdout, want)
	}
}
