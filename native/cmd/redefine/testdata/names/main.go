package main

import (
	"fmt"
	"reflect"
	"runtime"
)

func helper() int { return 1 }

func helper2() int { return 1 }

// funcName is how the engine sees a function: its name in the runtime's table.
func funcName(f any) string { return runtime.FuncForPC(reflect.ValueOf(f).Pointer()).Name() }

func main() { fmt.Println("runtime:", funcName(fixedHelper)) }
