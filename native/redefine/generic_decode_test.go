package redefine

import (
	"encoding/binary"
	"errors"
	"reflect"
	"strings"
	"testing"
)

// fakeEnv names a few functions for the wrapper decoders.
type fakeEnv map[uintptr]string

func (e fakeEnv) funcAt(pc uintptr) (string, uintptr, []byte, bool) {
	name, ok := e[pc]
	return name, pc, nil, ok
}

const (
	wrapperAt = 0x401000
	shapeAt   = 0x400800
	raceAt    = 0x400400
	dictAt    = 0x4e0000
)

var wrapperEnv = fakeEnv{shapeAt: "example.com/g.Max[go.shape.int]", raceAt: "runtime.racefuncenter"}

// amd64Wrapper assembles a wrapper from pieces; "lea R" and "call F" are
// encoded at their place, anything else is raw bytes.
func amd64Wrapper(parts ...any) []byte {
	var b []byte
	for _, p := range parts {
		switch p := p.(type) {
		case []byte:
			b = append(b, p...)
		case int: // LEAQ dictAt(RIP), amd64IntArgRegs[p]
			r := amd64IntArgRegs[p]
			b = append(b, 0x48|byte(r>>3)<<2, 0x8d, 0x05|byte(r&7)<<3)
			b = binary.LittleEndian.AppendUint32(b, uint32(int32(dictAt-(wrapperAt+len(b)+4))))
		case uintptr: // CALL p
			b = append(b, 0xe8)
			b = binary.LittleEndian.AppendUint32(b, uint32(int32(int(p)-(wrapperAt+len(b)+4))))
		}
	}
	return append(b, 0xc3)
}

func TestAMD64InstCall(t *testing.T) {
	prologue := []byte{0x49, 0x3b, 0x66, 0x10, 0x76, 0x29, 0x55, 0x48, 0x89, 0xe5, 0x48, 0x83, 0xec, 0x18}
	moves := []byte{0x48, 0x89, 0xd9, 0x48, 0x89, 0xc3} // MOVQ BX, CX; MOVQ AX, BX
	nop5 := []byte{0x0f, 0x1f, 0x44, 0x00, 0x00}
	loadBX := []byte{0x48, 0x8b, 0x5c, 0x24, 0x30}    // MOVQ 0x30(SP), BX
	storeAX := []byte{0x48, 0x89, 0x44, 0x24, 0x08}   // MOVQ AX, 8(SP)
	xmm := []byte{0xf2, 0x0f, 0x10, 0x44, 0x24, 0x08} // MOVSD 8(SP), X0
	for _, c := range []struct {
		name string
		code []byte
		reg  int
		err  string
	}{
		{"function", amd64Wrapper(prologue, moves, 0, nop5, uintptr(shapeAt)), 0, ""},
		{"method with a three-word receiver", amd64Wrapper(prologue, 3, uintptr(shapeAt)), 3, ""},
		{"race build", amd64Wrapper(prologue, uintptr(raceAt), 0, loadBX, storeAX, xmm, uintptr(shapeAt)), 0, ""},
		{"the dictionary register overwritten", amd64Wrapper(prologue, 1, loadBX, []byte{0x48, 0x89, 0xd8, 0x48, 0x89, 0xc1}, uintptr(shapeAt)), 0, "without loading"},
		{"loaded before a call", amd64Wrapper(prologue, 0, uintptr(raceAt), uintptr(shapeAt)), 0, "without loading"},
		{"two addresses", amd64Wrapper(prologue, 0, 1, uintptr(shapeAt)), 0, "two addresses"},
		{"no call: inlined", amd64Wrapper(prologue, moves), 0, "inlined"},
	} {
		got, err := amd64InstCall(c.code, wrapperAt, wrapperEnv)
		checkInstCall(t, c.name, got, err, c.reg, c.err)
	}
}

func checkInstCall(t *testing.T, name string, got instCall, err error, reg int, wantErr string) {
	t.Helper()
	switch {
	case wantErr != "":
		if err == nil || !strings.Contains(err.Error(), wantErr) {
			t.Errorf("%s: %+v, %v; want an error saying %q", name, got, err, wantErr)
		}
	case err != nil:
		t.Errorf("%s: %v", name, err)
	case got != (instCall{shape: shapeAt, dict: dictAt, reg: reg}):
		t.Errorf("%s: %+v, want the dictionary %#x in register %d", name, got, dictAt, reg)
	}
}

// arm64Wrapper assembles words; an int r is ADRP+ADD of dictAt into Rr, a
// uintptr a BL.
func arm64Wrapper(parts ...any) []byte {
	var b []byte
	pc := func() uintptr { return uintptr(wrapperAt + len(b)) }
	for _, p := range parts {
		switch p := p.(type) {
		case uint32:
			b = binary.LittleEndian.AppendUint32(b, p)
		case int:
			adrp := 0x90000000 | uint32(p)
			pages := uint32((dictAt >> 12) - (pc() >> 12))
			adrp |= (pages&3)<<29 | (pages>>2&0x7ffff)<<5
			b = binary.LittleEndian.AppendUint32(b, adrp)
			b = binary.LittleEndian.AppendUint32(b, 0x91000000|(dictAt&0xfff)<<10|uint32(p)<<5|uint32(p))
		case uintptr:
			b = binary.LittleEndian.AppendUint32(b, 0x94000000|uint32((int64(p)-int64(pc()))/4)&0x3ffffff)
		}
	}
	return binary.LittleEndian.AppendUint32(b, 0xd65f03c0)
}

func TestARM64InstCall(t *testing.T) {
	const (
		movR2R1 = 0xaa0103e2 // MOVD R1, R2
		movR1R0 = 0xaa0003e1 // MOVD R0, R1
		ldrR1   = 0xf9400be1 // MOVD 16(RSP), R1
		strR0   = 0xf9000be0 // MOVD R0, 16(RSP)
	)
	for _, c := range []struct {
		name string
		code []byte
		reg  int
		err  string
	}{
		{"function", arm64Wrapper(uint32(movR2R1), uint32(movR1R0), 0, uintptr(shapeAt)), 0, ""},
		{"method", arm64Wrapper(1, uint32(strR0), uintptr(shapeAt)), 1, ""},
		{"the dictionary register overwritten", arm64Wrapper(1, uint32(ldrR1), uintptr(shapeAt)), 0, "without loading"},
		{"race build", arm64Wrapper(uintptr(raceAt), 0, uintptr(shapeAt)), 0, ""},
		{"no call: inlined", arm64Wrapper(uint32(movR1R0)), 0, "inlined"},
	} {
		got, err := arm64InstCall(c.code, wrapperAt, wrapperEnv)
		checkInstCall(t, c.name, got, err, c.reg, c.err)
	}
}

func TestDictPlacement(t *testing.T) {
	type box struct {
		s string
		n int
	}
	type big struct{ a [2]int }
	ints := func(n int) reflect.Type {
		in := make([]reflect.Type, n)
		for i := range in {
			in[i] = reflect.TypeOf(0)
		}
		return reflect.FuncOf(in, nil, false)
	}
	for _, c := range []struct {
		name         string
		ft           reflect.Type
		method       bool
		amd64, arm64 int // the register, or -1 for an error
	}{
		{"func(int, int) int", reflect.TypeOf(func(int, int) int { return 0 }), false, 0, 0},
		{"func(string, float64, []int) int", reflect.TypeOf(func(string, float64, []int) int { return 0 }), false, 0, 0},
		{"a pointer receiver", reflect.TypeOf(func(*box) string { return "" }), true, 1, 1},
		{"a three-word receiver", reflect.TypeOf(func(box, int) {}), true, 3, 3},
		{"a receiver on the stack", reflect.TypeOf(func(big, int) {}), true, 0, 0},
		{"floats do not move", reflect.TypeOf(func(float64, complex128, int) {}), false, 0, 0},
		{"eight ints after the dictionary", ints(8), false, 0, 0},
		{"nine ints", ints(9), false, -1, 0},
		{"sixteen ints", ints(16), false, -1, -1},
		{"an array always on the stack", reflect.TypeOf(func(int, [3]int, int) {}), false, 0, 0},
	} {
		for _, a := range []struct {
			arch *archInfo
			want int
		}{{amd64Arch, c.amd64}, {arm64Arch, c.arm64}} {
			got, err := dictPlacementFor(a.arch, c.ft, c.method)
			switch {
			case a.want < 0 && err == nil:
				t.Errorf("%s on %s: register %d, want an error", c.name, a.arch.name, got.reg)
			case a.want >= 0 && (err != nil || got.reg != a.want):
				t.Errorf("%s on %s: %d, %v; want register %d", c.name, a.arch.name, got.reg, err, a.want)
			}
		}
	}
}

// TestDictRegsEnd: the registers that move are those the arguments use.
func TestDictRegsEnd(t *testing.T) {
	for _, c := range []struct {
		ft     reflect.Type
		method bool
		want   dictRegs
	}{
		{reflect.TypeOf(func(int, int) int { return 0 }), false, dictRegs{0, 3}},
		{reflect.TypeOf(func(string, float64, []int) {}), false, dictRegs{0, 6}},
		{reflect.TypeOf(func(*int, string) {}), true, dictRegs{1, 4}},
		{reflect.TypeOf(func() {}), false, dictRegs{0, 1}},
	} {
		if got, err := dictPlacementFor(amd64Arch, c.ft, c.method); err != nil || got != c.want {
			t.Errorf("%v: %+v, %v; want %+v", c.ft, got, err, c.want)
		}
	}
}

func TestGenericNames(t *testing.T) {
	for _, c := range []struct {
		name, base, pkg string
		method          bool
	}{
		{"example.com/g.Max[example.com/g.MyInt]", "example.com/g.Max[]", "example.com/g", false},
		{"example.com/g.(*Box[string]).Get", "example.com/g.(*Box[]).Get", "example.com/g", true},
		{"example.com/g.Box[map[string][]int].Val", "example.com/g.Box[].Val", "example.com/g", true},
		{"slices.Insert[go.shape.[]int,go.shape.int]", "slices.Insert[]", "slices", false},
	} {
		if got := genericBase(c.name); got != c.base {
			t.Errorf("genericBase(%s) = %s, want %s", c.name, got, c.base)
		}
		if got := packageOf(c.name); got != c.pkg {
			t.Errorf("packageOf(%s) = %s, want %s", c.name, got, c.pkg)
		}
		if got := isMethodName(c.name); got != c.method {
			t.Errorf("isMethodName(%s) = %v", c.name, got)
		}
	}
	for in, want := range map[string]string{
		"example.com/g.Pair[string, int]":           "example.com/g.Pair[string,int]",
		"example.com/g.Pair[func(int, int), any]":   "example.com/g.Pair[func(int, int),interface {}]",
		"example.com/g.(*Cache[string, []any]).Get": "example.com/g.(*Cache[string,[]interface {}]).Get",
		"example.com/g.Max[example.com/company.T]":  "example.com/g.Max[example.com/company.T]",
	} {
		if got := linkerSpelling(in); got != want {
			t.Errorf("linkerSpelling(%s) = %s, want %s", in, got, want)
		}
	}
	if !errors.Is(checkTarget(target{name: "example.com/g.Max[go.shape.int]"}), ErrUnpatchable) {
		t.Error("a shape body by itself is not refused")
	}
}
