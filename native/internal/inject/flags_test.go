package inject

import (
	"reflect"
	"testing"
)

func TestParseArgs(t *testing.T) {
	inv, err := parseArgs("test", []string{"-run", "X", "-tags=a,b", "-count=1", "./...", "-gcflags", "-N", "-redefine", "time.Now=m.f", "-json", "-args", "-v"})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"-run", "X", "-count=1", "./...", "-json"}; !reflect.DeepEqual(inv.args, want) {
		t.Errorf("args = %q, want %q", inv.args, want)
	}
	if want := []string{"./..."}; !reflect.DeepEqual(inv.patterns, want) {
		t.Errorf("patterns = %q, want %q", inv.patterns, want)
	}
	if want := map[string][]string{"tags": {"a,b"}, "gcflags": {"-N"}, "redefine": {"time.Now=m.f"}}; !reflect.DeepEqual(inv.values, want) {
		t.Errorf("values = %q, want %q", inv.values, want)
	}
	if want := []string{"-args", "-v"}; !reflect.DeepEqual(inv.progArgs, want) {
		t.Errorf("progArgs = %q, want %q", inv.progArgs, want)
	}

	inv, err = parseArgs("run", []string{"-tags", "x", ".", "--", "-a", "b"})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(inv.args, []string{"."}) || !reflect.DeepEqual(inv.progArgs, []string{"-a", "b"}) {
		t.Errorf("run: args %q progArgs %q", inv.args, inv.progArgs)
	}
	inv, _ = parseArgs("run", []string{"main.go", "util.go", "x"})
	if !reflect.DeepEqual(inv.patterns, []string{"main.go", "util.go"}) || !reflect.DeepEqual(inv.progArgs, []string{"x"}) {
		t.Errorf("run files: patterns %q progArgs %q", inv.patterns, inv.progArgs)
	}
	if _, err := parseArgs("run", []string{"-v"}); err == nil {
		t.Error("run without a package accepted")
	}
}

func TestMergeFlags(t *testing.T) {
	if got := mergeTags([]string{"a,b", "c d"}, "redefine"); got != "c,d,redefine" {
		t.Errorf("mergeTags = %q", got)
	}
	if got := mergeTags(nil, "redefine"); got != "redefine" {
		t.Errorf("mergeTags(nil) = %q", got)
	}
	got := mergeGcflags([]string{"-N", "all=-N -l", "example.com/...=-m"})
	want := []string{"all=-l", "-N -l", "all=-N -l", "example.com/...=-m -l"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("mergeGcflags = %q, want %q", got, want)
	}
	rest, taken := splitGOFLAGS("-mod=mod -tags=x -gcflags=all=-N -count=1")
	if rest != "-mod=mod -count=1" || !reflect.DeepEqual(taken, map[string][]string{"tags": {"x"}, "gcflags": {"all=-N"}}) {
		t.Errorf("splitGOFLAGS = %q, %q", rest, taken)
	}
}

func TestVetReadsOverlays(t *testing.T) {
	for v, want := range map[string]bool{"go1.22.12": false, "go1.23.0": false, "go1.24.13": true, "go1.26.8": true, "go1.27rc1": true, "devel go1.28-abc": true} {
		if got := vetReadsOverlays(v); got != want {
			t.Errorf("vetReadsOverlays(%q) = %v, want %v", v, got, want)
		}
	}
}
