package redefine

import (
	"math/rand"
	"runtime"
	"testing"
)

// findFunc (the linker's bucket index) must agree with runtime.FuncForPC on
// every function entry and on random PCs. (With the duplicate strategy the
// runtime's Func.Entry reports the copy's entry: textPC maps it back.)
func TestFindFuncAgreesWithRuntime(t *testing.T) {
	md := mainModule
	check := func(pc uintptr) {
		i := md.findFunc(pc)
		rf := runtime.FuncForPC(pc)
		switch {
		case i < 0 && rf != nil && rf.Entry() >= md.minpc:
			t.Fatalf("%#x: not found, runtime says %s", pc, rf.Name())
		case i >= 0 && (rf == nil || md.funcAt(i).entry() != textPC(rf.Entry())):
			t.Fatalf("%#x: found %s, runtime says %v", pc, md.funcAt(i).name(), rf)
		}
	}
	for i := 0; i < md.nfuncs(); i++ {
		check(md.funcAt(i).entry())
	}
	r := rand.New(rand.NewSource(1))
	for n := 0; n < 100000; n++ {
		check(md.minpc + uintptr(r.Int63n(int64(md.maxpc-md.minpc))))
	}
}
