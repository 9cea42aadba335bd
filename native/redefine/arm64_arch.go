package redefine

import (
	"encoding/binary"
	"fmt"

	"goredefine.dev/redefine/internal/arm64insn"
)

// arm64Arch patches with one B instruction: a single aligned 32-bit store,
// so a concurrent caller fetches either the old first instruction or the
// branch, never a mix (Arm ARM B2.2.1, single-copy atomicity of aligned
// word accesses, which instruction fetches share).
var arm64Arch = &archInfo{
	name:          "arm64",
	entryPatchLen: 4,
	funcAlign:     16,
	branchReach:   1<<27 - 1<<20, // B imm26 reaches ±128 MiB
	entryBranch:   arm64EntryBranch,
	thunk:         arm64Thunk,
	trampoline:    arm64Trampoline,
	entryBranches: arm64EntryBranches,
}

func arm64EntryBranch(from, to uintptr) ([]byte, error) {
	b, err := arm64insn.EncodeB(from, to)
	if err != nil {
		return nil, err
	}
	return binary.LittleEndian.AppendUint32(nil, b), nil
}

// arm64Thunk: R26 is the closure context register of Go's internal ABI and
// R16 the intra-procedure scratch register the prologue itself clobbers;
// neither carries arguments.
//
//	LDR X26, lit       58000000 | imm19=4 <<5 | 26
//	LDR X26, [X26]     f9400000 | 26<<5 | 26
//	LDR X16, [X26]     f9400000 | 26<<5 | 16
//	BR  X16            d61f0000 | 16<<5
//	lit: .quad slot
func arm64Thunk(addr, slot, _ uintptr) []byte {
	var b []byte
	for _, w := range []uint32{0x58000000 | 4<<5 | 26, 0xf9400000 | 26<<5 | 26, 0xf9400000 | 26<<5 | 16, 0xd61f0000 | 16<<5} {
		b = binary.LittleEndian.AppendUint32(b, w)
	}
	return binary.LittleEndian.AppendUint64(b, uint64(slot))
}

func arm64Trampoline(fn []byte, entry, addr uintptr, _ codeEnv) ([]byte, error) {
	if len(fn) < 8 {
		return nil, fmt.Errorf("function is only %d bytes", len(fn))
	}
	first := binary.LittleEndian.Uint32(fn)
	if arm64insn.Classify(first) != arm64insn.Plain && arm64insn.Target(first, entry) == entry {
		return nil, fmt.Errorf("the first instruction branches to itself")
	}
	words, err := arm64insn.Relocate(first, entry, addr)
	if err != nil {
		return nil, fmt.Errorf("relocating the first instruction: %w", err)
	}
	back, err := arm64insn.EncodeB(addr+uintptr(4*len(words)), entry+4)
	if err != nil {
		return nil, err
	}
	var out []byte
	for _, w := range append(words, back) {
		out = binary.LittleEndian.AppendUint32(out, w)
	}
	return out, nil
}

// arm64EntryBranches scans every word after the first. Go can place literal
// pools inside a function's text: a constant that happens to equal the one
// 32-bit encoding of a branch from its own address to this entry would be
// rewritten too. We accept that (vanishingly unlikely) risk rather than
// miss the real branches.
func arm64EntryBranches(fn, prev []byte, entry, dest uintptr, _ codeEnv) ([]codeEdit, error) {
	var edits []codeEdit
	for off := 4; off+4 <= len(fn); off += 4 {
		inst := binary.LittleEndian.Uint32(fn[off:])
		switch arm64insn.Classify(inst) {
		case arm64insn.B, arm64insn.BCond, arm64insn.CB, arm64insn.TB:
		default:
			continue // BL to the entry is recursion: it should see the patch
		}
		pc := entry + uintptr(off)
		if arm64insn.Target(inst, pc) != entry {
			continue
		}
		nw, err := arm64insn.Retarget(inst, pc, dest)
		if err != nil {
			return nil, fmt.Errorf("the branch at +%#x back to the entry: %w", off, err)
		}
		edits = append(edits, codeEdit{
			addr: pc,
			old:  append([]byte(nil), fn[off:off+4]...),
			new:  binary.LittleEndian.AppendUint32(nil, nw),
		})
	}
	return edits, nil
}
