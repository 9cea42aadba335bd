package redefine

import (
	"fmt"
	"reflect"
)

// Where a shape body's dictionary goes, by Go's internal ABI
// (internal/abi, and "Function call argument and result passing" in the Go
// source tree's abi-internal.md). The receiver, then each argument in
// order, is given integer and floating-point registers if all of its parts
// fit in the ones left; otherwise it goes on the stack, and the registers
// it would have taken stay free for the arguments after it. Results are
// given registers afresh, so the dictionary never changes where they go.

// abiArg is what one argument needs to go in registers.
type abiArg struct {
	ints, floats int
	memory       bool // an array of two or more elements, or a struct or array holding one: always on the stack
}

// abiArgOf is the register assignment rule for one type.
func abiArgOf(t reflect.Type) abiArg {
	switch t.Kind() {
	case reflect.Float32, reflect.Float64:
		return abiArg{floats: 1}
	case reflect.Complex64, reflect.Complex128:
		return abiArg{floats: 2}
	case reflect.String, reflect.Interface:
		return abiArg{ints: 2}
	case reflect.Slice:
		return abiArg{ints: 3}
	case reflect.Array:
		switch t.Len() {
		case 0:
			return abiArg{}
		case 1:
			return abiArgOf(t.Elem())
		}
		return abiArg{memory: true}
	case reflect.Struct:
		var a abiArg
		for i := 0; i < t.NumField(); i++ {
			f := abiArgOf(t.Field(i).Type)
			a = abiArg{ints: a.ints + f.ints, floats: a.floats + f.floats, memory: a.memory || f.memory}
		}
		return a
	}
	return abiArg{ints: 1} // booleans, integers (64-bit platforms), pointers, maps, channels, funcs
}

// abiAssign reports, for each argument, whether it goes in registers, the
// integer registers taken before each, and in all.
func abiAssign(args []abiArg, nInt, nFloat int) (inRegs []bool, intsBefore []int, ints int) {
	i, f := 0, 0
	for _, a := range args {
		intsBefore = append(intsBefore, i)
		ok := !a.memory && i+a.ints <= nInt && f+a.floats <= nFloat
		if ok {
			i, f = i+a.ints, f+a.floats
		}
		inRegs = append(inRegs, ok)
	}
	return inRegs, intsBefore, i
}

// dictPlacement returns the integer argument register in which the shape
// body of an instantiation with func type ft (a method's receiver first)
// gets its dictionary. The thunk drops the dictionary by moving the integer
// registers after it down by one, which is right only when every argument
// goes to the same place, registers or stack, with and without the
// dictionary; otherwise the error says which argument moves.
func dictPlacement(ft reflect.Type, method bool) (dictRegs, error) {
	return dictPlacementFor(hostArch, ft, method)
}

func dictPlacementFor(arch *archInfo, ft reflect.Type, method bool) (dictRegs, error) {
	at := 0
	if method {
		at = 1
	}
	if ft.NumIn() < at {
		return dictRegs{}, fmt.Errorf("a method's replacement takes its receiver as its first parameter: %w", ErrTypeMismatch)
	}
	var without, with []abiArg
	for i := 0; i < ft.NumIn(); i++ {
		if i == at {
			with = append(with, abiArg{ints: 1})
		}
		a := abiArgOf(ft.In(i))
		without, with = append(without, a), append(with, a)
	}
	if at == ft.NumIn() {
		with = append(with, abiArg{ints: 1})
	}
	n, nf := arch.intArgRegs, arch.floatArgRegs
	regsWithout, _, _ := abiAssign(without, n, nf)
	regsWith, before, used := abiAssign(with, n, nf)
	if !regsWith[at] {
		return dictRegs{}, fmt.Errorf("the receiver takes every integer argument register, so the dictionary goes on the stack, which the engine cannot drop")
	}
	for i := range without {
		j := i
		if i >= at {
			j++
		}
		if regsWithout[i] != regsWith[j] {
			return dictRegs{}, fmt.Errorf("its arguments take so many registers that the dictionary pushes parameter %d (%v) onto the stack, "+
				"where a replacement would get it in registers; the engine cannot move it (redefine a function that calls it)", i+1, ft.In(i))
		}
	}
	return dictRegs{reg: before[at], end: used}, nil
}
