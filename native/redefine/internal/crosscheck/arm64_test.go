package crosscheck

import (
	"encoding/binary"
	"testing"

	"golang.org/x/arch/arm64/arm64asm"
	"goredefine.dev/redefine/internal/arm64insn"
)

// independentTarget decodes inst at pc with x/arch and returns the address
// its PC-relative operand designates (ADRP: the page), or ok == false.
func independentTarget(inst uint32, pc uint64) (target uint64, ok bool) {
	var b [4]byte
	binary.LittleEndian.PutUint32(b[:], inst)
	d, err := arm64asm.Decode(b[:])
	if err != nil {
		return 0, false
	}
	for _, a := range d.Args {
		if rel, isRel := a.(arm64asm.PCRel); isRel {
			if d.Op == arm64asm.ADRP {
				return pc&^0xfff + uint64(rel), true
			}
			return pc + uint64(rel), true
		}
	}
	return 0, false
}

var seeds = []uint32{0x90000001, 0x10000002, 0x14000010, 0x97ffffff, 0x54000040, 0xb4000083, 0x36080064, 0x58000105, 0x98000046, 0xf9400b90, 0xd65f03c0}

// Our classification and target must agree with x/arch on every word.
func FuzzTargetAgrees(f *testing.F) {
	for _, s := range seeds {
		f.Add(s, uint64(0x10_0000))
	}
	f.Fuzz(func(t *testing.T, inst uint32, pc uint64) {
		pc &^= 3
		want, isRel := independentTarget(inst, pc)
		kind := arm64insn.Classify(inst)
		if kind == arm64insn.Plain {
			if isRel {
				t.Fatalf("%#08x: x/arch sees a PC-relative operand, we classify it as plain", inst)
			}
			return
		}
		if !isRel {
			return // an encoding x/arch rejects (e.g. unallocated PRFM forms); we never emit it
		}
		if got := uint64(arm64insn.Target(inst, uintptr(pc))); got != want {
			t.Fatalf("%#08x at %#x: target %#x, x/arch says %#x", inst, pc, got, want)
		}
	})
}

// Relocated instructions, decoded by x/arch, must still designate the
// original target.
func FuzzRelocateKeepsTarget(f *testing.F) {
	for _, s := range seeds {
		f.Add(s, uint64(0x10_0000), int64(0x4000_0000))
	}
	f.Fuzz(func(t *testing.T, inst uint32, oldPC uint64, delta int64) {
		oldPC &^= 3
		delta &^= 3
		want, isRel := independentTarget(inst, oldPC)
		if !isRel {
			return
		}
		newPC := uint64(int64(oldPC) + delta)
		words, err := arm64insn.Relocate(inst, uintptr(oldPC), uintptr(newPC))
		if err != nil {
			return // out of reach: refused, as the engine must
		}
		switch arm64insn.Classify(inst) {
		case arm64insn.ADRP, arm64insn.B, arm64insn.BL:
			if len(words) != 1 {
				t.Fatalf("%#08x: %d words", inst, len(words))
			}
			if got, _ := independentTarget(words[0], newPC); got != want {
				t.Fatalf("%#08x moved %#x→%#x became %#08x: target %#x, want %#x", inst, oldPC, newPC, words[0], got, want)
			}
		case arm64insn.BCond, arm64insn.CB, arm64insn.TB:
			// test → +8; B +8; B target
			if got, _ := independentTarget(words[2], newPC+8); len(words) != 3 || got != want {
				t.Fatalf("%#08x moved: far branch goes to %#x, want %#x", inst, got, want)
			}
		}
	})
}
