package main

import (
	"flag"
	"fmt"
	"os"

	"goredefine.dev/internal/doctor"
)

func doctorMain(args []string) int {
	fs := flag.NewFlagSet("redefine doctor", flag.ContinueOnError)
	asJSON := fs.Bool("json", false, "print the report as JSON")
	probe := fs.Bool("probe", true, "build and run a program that redefines a function (a second or two; -probe=false skips it)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	r := doctor.Check("go", *probe)
	if *asJSON {
		os.Stdout.Write(r.JSON())
	} else {
		fmt.Print(r.Text())
	}
	if len(r.Problems) > 0 {
		return 1
	}
	return 0
}
