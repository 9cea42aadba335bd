package doctor

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Probe is the outcome of building and running a tiny program that
// redefines one of its own functions with the engine: the authoritative
// answer to "does it work here".
type Probe struct {
	OK       bool   `json:"ok"`
	Strategy string `json:"strategy,omitempty"` // as the engine reports it at run time
	Error    string `json:"error,omitempty"`
}

const probeProgram = `package main

import (
	"fmt"
	"os"

	"goredefine.dev/redefine"
)

func original() int { return 1 }

func replacement() int { return 2 }

func main() {
	strategy, err := redefine.StrategyName()
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(1)
	}
	if err := redefine.Func(original, replacement); err != nil {
		fmt.Println("error:", err)
		os.Exit(1)
	}
	if original() != 2 {
		fmt.Println("error: the redefinition had no effect")
		os.Exit(1)
	}
	fmt.Println("strategy:", strategy)
}
`

// RunProbe builds the probe against the engine in engineDir with goCmd and
// runs it on this machine.
func RunProbe(goCmd, engineDir string) Probe {
	dir, err := os.MkdirTemp("", "redefine-doctor-")
	if err != nil {
		return Probe{Error: err.Error()}
	}
	defer os.RemoveAll(dir)
	gomod := fmt.Sprintf("module example.com/redefineprobe\n\ngo 1.22\n\nrequire goredefine.dev/redefine v0.0.0\n\nreplace goredefine.dev/redefine => %s\n", engineDir)
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte(gomod), 0o644); err != nil {
		return Probe{Error: err.Error()}
	}
	if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte(probeProgram), 0o644); err != nil {
		return Probe{Error: err.Error()}
	}
	bin := filepath.Join(dir, "probe")
	build := exec.Command(goCmd, "build", "-gcflags=all=-l", "-o", bin, ".")
	build.Dir = dir
	build.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
	if out, err := build.CombinedOutput(); err != nil {
		return Probe{Error: fmt.Sprintf("building a program with the engine failed: %v\n%s", err, bytes.TrimSpace(out))}
	}
	out, err := exec.Command(bin).CombinedOutput()
	text := strings.TrimSpace(string(out))
	if err != nil || !strings.HasPrefix(text, "strategy: ") {
		return Probe{Error: fmt.Sprintf("a program built with the engine could not redefine a function: %s", strings.TrimPrefix(text, "error: "))}
	}
	return Probe{OK: true, Strategy: strings.TrimPrefix(text, "strategy: ")}
}
