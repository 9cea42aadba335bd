package p

import (
	"os"
	"reflect"
	"runtime"
	"testing"
)

//redefine:func example.com/names/p.Value
func internalValue() int { return 2 }

func TestNames(t *testing.T) {
	os.Stderr.WriteString("runtime: " + runtime.FuncForPC(reflect.ValueOf(internalValue).Pointer()).Name() + "\n")
}
