package arm64insn

import (
	"math/rand"
	"testing"
)

func TestArm64Encodings(t *testing.T) {
	for _, tc := range []struct {
		name string
		got  uint32
		want uint32
	}{
		{"B +8", must32(EncodeB(0x1000, 0x1008)), 0x14000002},
		{"B -4", must32(EncodeB(0x1000, 0xffc)), 0x17ffffff},
		{"ADRP x1 one page up", must32(EncodeADRP(1, 0x1234, 0x2000)), 0xb0000001},
		{"ADD x1, x1, #0x10", AddImm(1, 1, 0x10), 0x91004021},
	} {
		if tc.got != tc.want {
			t.Errorf("%s: %#08x, want %#08x", tc.name, tc.got, tc.want)
		}
	}
	if _, err := EncodeB(0, 1<<28); err == nil {
		t.Error("B beyond ±128 MiB was encoded")
	}
}

func must32(v uint32, err error) uint32 {
	if err != nil {
		panic(err)
	}
	return v
}

// emulate runs a relocated sequence far enough to learn where it sends
// control (branches) or what address it computes into register rd.
func emulate(t *testing.T, words []uint32, pc uintptr, rd uint32) (taken uintptr, value uintptr) {
	regs := map[uint32]uintptr{}
	for i := 0; i < len(words); i++ {
		w, at := words[i], pc+uintptr(4*i)
		switch Classify(w) {
		case ADRP, ADR:
			regs[w&31] = Target(w, at)
		case B:
			tgt := Target(w, at)
			if j := int(int64(tgt-pc) / 4); tgt >= pc && j < len(words) {
				i = j - 1
				continue
			}
			return tgt, 0
		case BCond, CB, TB: // treat as taken
			tgt := Target(w, at)
			if j := int(int64(tgt-pc) / 4); tgt >= pc && j < len(words) {
				i = j - 1
				continue
			}
			return tgt, 0
		case Plain:
			if w&0xff800000 == 0x91000000 { // ADD (immediate)
				regs[w&31] = regs[w>>5&31] + uintptr(w>>10&0xfff)
			}
		}
	}
	return 0, regs[rd]
}

// Relocating a PC-relative instruction must keep what it refers to, for
// random distances within the engine's code-page reach.
func TestArm64RelocateKeepsTargets(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	base := []uint32{
		0x90000001, // ADRP x1
		0x10000002, // ADR x2
		0x14000000, // B
		0x54000000, // B.EQ
		0xb4000003, // CBZ x3
		0x36000004, // TBZ w4, #0
	}
	checked := 0
	for i := 0; i < 20000; i++ {
		inst := base[r.Intn(len(base))]
		switch Classify(inst) {
		case ADRP, ADR:
			inst = WithAdrImm(inst, uint32(r.Intn(1<<21))>>uint(r.Intn(8)))
		case B:
			inst |= uint32(r.Intn(1<<26)) >> uint(r.Intn(8))
		case BCond, CB:
			inst |= (uint32(r.Intn(1<<19)) >> uint(r.Intn(8))) << 5
		case TB:
			inst |= (uint32(r.Intn(1<<14)) >> uint(r.Intn(8))) << 5
		}
		oldPC := uintptr(0x4000_0000 + r.Intn(1<<24)*4)
		newPC := uintptr(int64(oldPC) + int64(r.Intn(1<<25)-1<<24)*4)
		words, err := Relocate(inst, oldPC, newPC)
		if err != nil {
			continue // out of reach: the engine refuses, which is correct
		}
		want := Target(inst, oldPC)
		taken, value := emulate(t, words, newPC, inst&31)
		got := taken
		if k := Classify(inst); k == ADRP || k == ADR {
			got = value
		}
		if got != want {
			t.Fatalf("%#08x moved %#x → %#x: refers to %#x, want %#x (%x)", inst, oldPC, newPC, got, want, words)
		}
		checked++
	}
	if checked < 10000 {
		t.Fatalf("only %d of 20000 relocations were in reach", checked)
	}
}

func TestArm64LiteralLoadRelocation(t *testing.T) {
	inst := uint32(0x58000000 | 8<<5 | 5) // LDR x5, .+32
	words, err := Relocate(inst, 0x10000, 0x2345678)
	if err != nil {
		t.Fatal(err)
	}
	if len(words) != 3 || words[2] != 0xf94000a5 {
		t.Fatalf("LDR literal → %x, want ADRP; ADD; LDR x5, [x5]", words)
	}
	if _, v := emulate(t, words[:2], 0x2345678, 5); v != 0x10020 {
		t.Fatalf("address %#x, want 0x10020", v)
	}
}
