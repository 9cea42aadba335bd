package p_test

import (
	"os"
	"reflect"
	"runtime"
	"testing"
)

//redefine:func example.com/names/p.Other
func externalValue() int { return 3 }

func TestXNames(t *testing.T) {
	os.Stderr.WriteString("runtime: " + runtime.FuncForPC(reflect.ValueOf(externalValue).Pointer()).Name() + "\n")
}
