package redefine

import (
	"runtime"
	"testing"
)

// Decoding every function of this test binary, instruction by instruction,
// must land exactly on the next function's entry: one wrong length anywhere
// desynchronises the rest. The binary holds compiled Go from the runtime
// and standard library as well as assembly, so it is a broad sample of
// what the compiler and the assembler emit.
func TestDecodeX86WholeBinary(t *testing.T) {
	if runtime.GOARCH != "amd64" {
		t.Skip("reads amd64 code of the running binary")
	}
	md := mainModule
	var insts, asmFailed int
	for i := 0; i < md.nfuncs(); i++ {
		fi := md.funcAt(i)
		code := bytesAt(fi.entry(), md.funcEnd(i)-fi.entry())
		off := 0
		for off < len(code) {
			in, err := decodeX86(code[off:])
			if err != nil {
				break
			}
			off += in.len
			insts++
		}
		if off != len(code) {
			if fi.f.flag&funcFlagAsm != 0 {
				asmFailed++ // assembly may embed data or rare encodings
				continue
			}
			t.Errorf("%s: decoding stopped at +%#x of %#x: % x", fi.name(), off, len(code), code[off:min(len(code), off+16)])
		}
	}
	t.Logf("%d functions, %d instructions; %d assembly functions not fully decoded", md.nfuncs(), insts, asmFailed)
}

func TestDecodeX86Table(t *testing.T) {
	for _, tc := range []struct {
		code           []byte
		len            int
		relOff, relLen int
		ripOff         int
	}{
		{[]byte{0x49, 0x3b, 0x66, 0x10}, 4, 0, 0, 0},                         // CMPQ SP, 16(R14)
		{[]byte{0x76, 0x28}, 2, 1, 1, 0},                                     // JBE rel8
		{[]byte{0x0f, 0x86, 1, 2, 3, 4}, 6, 2, 4, 0},                         // JBE rel32
		{[]byte{0x48, 0x8b, 0x05, 1, 2, 3, 4}, 7, 0, 0, 3},                   // MOVQ x(RIP), AX
		{[]byte{0x48, 0xc7, 0x05, 1, 2, 3, 4, 5, 6, 7, 8}, 11, 0, 0, 3},      // MOVQ $imm32, x(RIP)
		{[]byte{0xe8, 1, 2, 3, 4}, 5, 1, 4, 0},                               // CALL rel32
		{[]byte{0x48, 0xb8, 1, 2, 3, 4, 5, 6, 7, 8}, 10, 0, 0, 0},            // MOVQ $imm64, AX
		{[]byte{0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00}, 6, 0, 0, 0},             // NOPW
		{[]byte{0xc5, 0xfd, 0x6f, 0x05, 1, 2, 3, 4}, 8, 0, 0, 4},             // VMOVDQA x(RIP), Y0
		{[]byte{0xc4, 0xe3, 0x7d, 0x38, 0xc1, 0x01}, 6, 0, 0, 0},             // VINSERTI128 $1, X1, Y0, Y0
		{[]byte{0x62, 0xf1, 0x7c, 0x48, 0x10, 0x44, 0x24, 0x01}, 8, 0, 0, 0}, // VMOVUPS 64(SP), Z0
		{[]byte{0xf6, 0xc1, 0x01}, 3, 0, 0, 0},                               // TESTB $1, CL
		{[]byte{0xf7, 0xd8}, 2, 0, 0, 0},                                     // NEGL AX
		{[]byte{0x66, 0x81, 0xf9, 0x34, 0x12}, 5, 0, 0, 0},                   // CMPW CX, $0x1234
		{[]byte{0x4c, 0x8d, 0xa4, 0x24, 1, 2, 3, 4}, 8, 0, 0, 0},             // LEAQ disp32(SP), R12
		{[]byte{0xc5, 0xfd, 0x70, 0xd1, 0x1b}, 5, 0, 0, 0},                   // VPSHUFD $0x1b, Y1, Y2
		{[]byte{0xc5, 0xe9, 0x73, 0xd9, 0x04}, 5, 0, 0, 0},                   // VPSRLDQ $4, X1, X2
		{[]byte{0xc5, 0xe8, 0xc6, 0xd9, 0x00}, 5, 0, 0, 0},                   // VSHUFPS $0, X1, X2, X3
	} {
		in, err := decodeX86(tc.code)
		if err != nil || in.len != tc.len || in.relOff != tc.relOff || in.relSize != tc.relLen || in.ripOff != tc.ripOff {
			t.Errorf("% x: got %+v, %v; want len %d rel %d/%d rip %d", tc.code, in, err, tc.len, tc.relOff, tc.relLen, tc.ripOff)
		}
	}
}
