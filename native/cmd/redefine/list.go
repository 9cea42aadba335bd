package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"

	"goredefine.dev/internal/directives"
	"goredefine.dev/internal/inject"
)

// listMain prints every redefinition of the packages (default ./...) with
// whether it is valid: a check for CI that builds nothing.
func listMain(args []string) int {
	fs := flag.NewFlagSet("redefine list", flag.ContinueOnError)
	asJSON := fs.Bool("json", false, "print JSON: {redefinitions: [{target, replacement, pos, valid, error}], diagnostics: [...]}")
	tests := fs.Bool("test", true, "include redefinitions in _test.go files")
	fs.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: redefine list [-json] [-test=false] [packages]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	patterns := fs.Args()
	if len(patterns) == 0 {
		patterns = []string{"./..."}
	}
	res, err := directives.Load(directives.Config{BuildFlags: []string{"-tags=redefine"}, Tests: *tests}, patterns...)
	if err != nil {
		fmt.Fprintf(os.Stderr, "redefine list: %v\n", err)
		return 1
	}
	type item struct {
		Target      string `json:"target"`
		Replacement string `json:"replacement"`
		Pos         string `json:"pos"`
		Valid       bool   `json:"valid"`
		Error       string `json:"error,omitempty"`
		Kind        string `json:"kind,omitempty"` // "original": a //redefine:original stand-in
	}
	out := struct {
		Redefinitions []item   `json:"redefinitions"`
		Diagnostics   []string `json:"diagnostics"`
	}{Redefinitions: []item{}, Diagnostics: []string{}}
	for _, r := range res.Redefinitions {
		it := item{r.TargetShown(), r.ReplacementShown(), r.Pos.String(), r.Valid(), r.Err, ""}
		if r.Original {
			it.Kind = "original"
		}
		out.Redefinitions = append(out.Redefinitions, it)
	}
	for _, d := range res.Diagnostics {
		out.Diagnostics = append(out.Diagnostics, d.String())
	}
	if *asJSON {
		data, _ := json.MarshalIndent(out, "", "  ")
		fmt.Println(string(data))
	} else {
		for _, it := range out.Redefinitions {
			state := "ok"
			if !it.Valid {
				state = "invalid: " + it.Error
			}
			if it.Kind == "original" {
				fmt.Printf("%s: %s runs the original of %s (%s)\n", relative(it.Pos), it.Replacement, it.Target, state)
				continue
			}
			fmt.Printf("%s: %s = %s (%s)\n", relative(it.Pos), it.Target, it.Replacement, state)
		}
		for _, d := range out.Diagnostics {
			fmt.Fprintln(os.Stderr, d)
		}
	}
	if len(res.Diagnostics) > 0 {
		return inject.ExitBadDirectives
	}
	return 0
}
