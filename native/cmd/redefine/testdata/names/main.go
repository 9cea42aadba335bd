package main

import (
	"fmt"
	"os"
	"reflect"
	"runtime"

	v2 "example.com/names/v.2"
)

func helper() int { return 1 }

func helper2() int { return 1 }

// funcName is how the engine sees a function: its name in the runtime's table.
func funcName(f any) string { return runtime.FuncForPC(reflect.ValueOf(f).Pointer()).Name() }

func main() {
	fmt.Println("runtime:", funcName(fixedHelper))
	os.Stderr.WriteString("target: " + funcName(v2.F) + "\n")
}
