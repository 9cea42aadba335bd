package redefine

import (
	"encoding/binary"
	"strings"
	"testing"

	"goredefine.dev/redefine/internal/arm64insn"
)

func words(ws ...uint32) []byte {
	var b []byte
	for _, w := range ws {
		b = binary.LittleEndian.AppendUint32(b, w)
	}
	return b
}

func TestArm64RelocateCopy(t *testing.T) {
	r := textRange{start: 0x10000, end: 0x20000, module: 0x10000, moduleEnd: 0x40000}
	const offset = 0x100000
	adrpData := must32(arm64insn.EncodeADRP(1, 0x10000, 0x30000)) // ADRP x1, data page
	adrpText := must32(arm64insn.EncodeADRP(2, 0x10004, 0x18000)) // ADRP x2, a text page
	ldrLit := uint32(0x58000000 | 2<<5 | 3)                       // LDR x3, .+8 (reads the next two words)
	poolWord := must32(arm64insn.EncodeADRP(4, 0x10010, 0x30000)) // a constant that looks like ADRP to data
	code, n, err := relocateForTest(words(adrpData, adrpText, ldrLit, 0xd503201f, poolWord, 0), r, offset)
	if err != nil {
		t.Fatal(err)
	}
	got := func(i int) uint32 { return binary.LittleEndian.Uint32(code[4*i:]) }
	if n != 1 {
		t.Errorf("changed %d instructions, want 1", n)
	}
	if tgt := arm64insn.Target(got(0), 0x10000+offset); tgt != 0x30000 {
		t.Errorf("ADRP to data reaches %#x from the copy, want 0x30000", tgt)
	}
	if got(1) != adrpText || got(2) != ldrLit || got(4) != poolWord {
		t.Errorf("text references and pool data must not change: %x", code)
	}

	adr := uint32(0x10000000 | 5) // ADR x5, . : re-pointed below to data
	adr = arm64insn.WithAdrImm(adr, 0x20000)
	if _, _, err := relocateForTest(words(adr), r, offset); err == nil || !strings.Contains(err.Error(), "out of reach") {
		t.Errorf("an ADR to data must fail the relocation, got %v", err)
	}
}

// relocateForTest copies and relocates src on one goroutine.
func relocateForTest(src []byte, r textRange, offset uintptr) ([]byte, int, error) {
	dst := make([]byte, len(src))
	n, err := arm64RelocateCopy(dst, src, r, offset, 1, func(f func()) { f() })
	return dst, n, err
}

func must32(v uint32, err error) uint32 {
	if err != nil {
		panic(err)
	}
	return v
}
