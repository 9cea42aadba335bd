// Command benchgen writes a Go program with a chosen amount of machine code,
// for the duplicate strategy's benchmarks (scripts/bench-duplicate.sh). The
// program times a plain copy of its own text, the first redefinitions made
// after the engine duplicated the text, and reports its resident memory.
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"
)

func main() {
	n := flag.Int("funcs", 1000, "number of generated functions (about 1 KiB of arm64 code each)")
	out := flag.String("o", "", "output directory (a Go module)")
	engine := flag.String("engine", "", "path of the engine module (native/redefine)")
	flag.Parse()
	if *out == "" || *engine == "" {
		log.Fatal("usage: benchgen -funcs N -o DIR -engine PATH")
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		log.Fatal(err)
	}
	write(filepath.Join(*out, "go.mod"), fmt.Sprintf("module bench\n\ngo 1.22\n\nrequire goredefine.dev/redefine v0.0.0\n\nreplace goredefine.dev/redefine => %s\n", *engine))
	const perFile = 2000
	for f := 0; f*perFile < *n; f++ {
		var b strings.Builder
		b.WriteString("package main\n\n")
		for i := f * perFile; i < min(*n, (f+1)*perFile); i++ {
			fmt.Fprintf(&b, "//go:noinline\nfunc f%d(x int) int {\n\tswitch x & 63 {\n", i)
			for c := 0; c < 64; c++ {
				fmt.Fprintf(&b, "\tcase %d:\n\t\tx = x*%d + %d ^ (x >> %d)\n", c, 3+i%97+c, i*31+c, 1+c%7)
			}
			fmt.Fprintf(&b, "\t}\n\treturn x + %d\n}\n\n", i)
		}
		write(filepath.Join(*out, fmt.Sprintf("gen%03d.go", f)), b.String())
	}
	var t strings.Builder
	t.WriteString("package main\n\nvar fns = []func(int) int{\n")
	for i := 0; i < *n; i++ {
		fmt.Fprintf(&t, "\tf%d,\n", i)
	}
	t.WriteString("}\n")
	write(filepath.Join(*out, "table.go"), t.String())
	write(filepath.Join(*out, "main.go"), mainSource)
}

func write(path, s string) {
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		log.Fatal(err)
	}
}

const mainSource = `package main

import (
	"debug/elf"
	"fmt"
	"os"
	"strings"
	"time"

	"goredefine.dev/redefine"
)

func main() {
	exe, _ := os.Executable()
	f, err := elf.Open(exe)
	if err != nil {
		panic(err)
	}
	text := f.Section(".text").Size
	src, dst := make([]byte, text), make([]byte, text)
	for i := range src {
		src[i] = byte(i)
	}
	start := time.Now()
	copy(dst, src) // into untouched memory, as the engine's copy is
	cold := time.Since(start)
	warm := time.Hour
	for i := 0; i < 5; i++ {
		start := time.Now()
		copy(dst, src)
		warm = min(warm, time.Since(start))
	}
	fmt.Printf("text %d bytes; memcpy of the same size: %v into fresh memory, %v warm\n", text, cold, warm)

	// The first call also builds the engine's name and inlining indexes once.
	start = time.Now()
	if err := redefine.Func(fns[len(fns)-1], fns[0]); err != nil {
		panic(err)
	}
	fmt.Printf("first redefinition in the process (builds the indexes): %v\n", time.Since(start))
	const firsts = 100
	start = time.Now()
	for i := 0; i < firsts; i++ {
		if err := redefine.Func(fns[i], fns[i+1]); err != nil {
			panic(err)
		}
	}
	fmt.Printf("first redefinition of a function, after the text is duplicated: %v each (mean of %d)\n", time.Since(start)/firsts, firsts)
	start = time.Now()
	for i := 0; i < firsts; i++ {
		_ = redefine.Restore(fns[i])
		_ = redefine.Func(fns[i], fns[i+2])
	}
	fmt.Printf("restore + redefine again: %v per pair\n", time.Since(start)/firsts)
	status, _ := os.ReadFile("/proc/self/status")
	for _, line := range strings.Split(string(status), "\n") {
		if strings.HasPrefix(line, "VmRSS") {
			fmt.Println(line)
		}
	}
}
`
