package redefine

import (
	"encoding/binary"
	"fmt"
)

// codeBuf assembles the thunks the engine generates: bytes and 32-bit
// words, with branches to labels resolved at the end.
type codeBuf struct {
	b      []byte
	labels map[string]int
	fixups []codeFixup
}

type codeFixup struct {
	at    int // offset of the byte or word to patch
	label string
	kind  fixupKind
}

type fixupKind int

const (
	x86Rel8     fixupKind = iota // a rel8 byte, counted from the byte after it
	x86Rel32                     // a rel32, counted from the byte after it
	arm64Imm19                   // B.cond, CBZ, CBNZ, LDR (literal): bits 5-23, words
	arm64Imm26                   // B: bits 0-25, words
	arm64ADRImm                  // ADR: immlo bits 29-30, immhi bits 5-23, bytes
)

func (c *codeBuf) bytes(b ...byte) { c.b = append(c.b, b...) }

func (c *codeBuf) u64(v uint64) { c.b = binary.LittleEndian.AppendUint64(c.b, v) }

func (c *codeBuf) u32(v uint32) { c.b = binary.LittleEndian.AppendUint32(c.b, v) }

// word emits an arm64 instruction whose label field fixes up later.
func (c *codeBuf) word(w uint32, label string, kind fixupKind) {
	c.fixups = append(c.fixups, codeFixup{len(c.b), label, kind})
	c.u32(w)
}

// rel8 emits an x86 opcode byte followed by a rel8 to label.
func (c *codeBuf) rel8(op byte, label string) {
	c.bytes(op)
	c.fixups = append(c.fixups, codeFixup{len(c.b), label, x86Rel8})
	c.bytes(0)
}

// rel32 emits x86 opcode bytes followed by a rel32 to label.
func (c *codeBuf) rel32(label string, op ...byte) {
	c.bytes(op...)
	c.fixups = append(c.fixups, codeFixup{len(c.b), label, x86Rel32})
	c.u32(0)
}

func (c *codeBuf) label(name string) {
	if c.labels == nil {
		c.labels = map[string]int{}
	}
	if _, ok := c.labels[name]; ok {
		panic("redefine: generated code defines the label " + name + " twice")
	}
	c.labels[name] = len(c.b)
}

func (c *codeBuf) align(n int) {
	for len(c.b)%n != 0 {
		c.b = append(c.b, 0)
	}
}

// code resolves the fixups and returns the code.
func (c *codeBuf) code() []byte {
	for _, f := range c.fixups {
		target, ok := c.labels[f.label]
		if !ok {
			panic("redefine: generated code jumps to an undefined label " + f.label)
		}
		switch f.kind {
		case x86Rel8:
			rel := target - (f.at + 1)
			if !fitsSigned(int64(rel), 8) {
				panic(fmt.Sprintf("redefine: generated jump to %s out of rel8 range", f.label))
			}
			c.b[f.at] = byte(int8(rel))
		case x86Rel32:
			binary.LittleEndian.PutUint32(c.b[f.at:], uint32(int32(target-(f.at+4))))
		case arm64Imm19, arm64Imm26, arm64ADRImm:
			rel := int64(target - f.at)
			w := binary.LittleEndian.Uint32(c.b[f.at:])
			switch f.kind {
			case arm64Imm19:
				w |= uint32(rel/4) & (1<<19 - 1) << 5
			case arm64Imm26:
				w |= uint32(rel/4) & (1<<26 - 1)
			case arm64ADRImm:
				w |= uint32(rel)&3<<29 | uint32(rel>>2)&(1<<19-1)<<5
			}
			binary.LittleEndian.PutUint32(c.b[f.at:], w)
		}
	}
	return c.b
}
