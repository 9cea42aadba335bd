package main

import (
	"os"
	"testing"
)

//redefine:func main.helper2
func helperInTest() int { return 3 }

func TestNames(t *testing.T) {
	os.Stderr.WriteString("runtime: " + funcName(helperInTest) + "\n")
}
