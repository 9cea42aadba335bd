package directives

import (
	"go/importer"
	"testing"

	"goredefine.dev/internal/symbol"
)

func TestDidYouMean(t *testing.T) {
	pkg, err := importer.Default().Import("time")
	if err != nil {
		t.Skip(err)
	}
	for _, c := range []struct{ name, want string }{
		{"time.Nwo", "; did you mean time.Now?"},
		{"time.Nowz", "; did you mean time.Now?"},
		{"time.sleep", "; did you mean time.Sleep?"},
		{"time.(*Timer).Stpo", "; did you mean time.(*Timer).Stop?"},
		{"time.(*Timr).Stop", "; did you mean time.(*Timer).Stop?"},
		{"time.Xyzzy", ""},
		// Found, refused for its receiver: that error says what to write.
		{"time.(*Time).Unix", ""},
	} {
		names, err := symbol.Parse(c.name)
		if err != nil {
			t.Fatal(err)
		}
		if got := didYouMean(suggestions(pkg, names[0])); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
	// A main package's function keeps the form the directive wrote.
	names, _ := symbol.Parse("main.Nwo")
	if got := didYouMean(suggestions(pkg, names[0])); got != "; did you mean main.Now?" {
		t.Errorf("main.Nwo: %q", got)
	}
}
