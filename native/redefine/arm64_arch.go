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
//
// The architecture guarantees that concurrent execution sees the old or the
// new word only when both are among B, BL, NOP, BRK, SVC, HVC, SMC and ISB
// (Arm ARM B2.2.5, concurrent modification and execution of instructions);
// a function's first instruction is usually a load. Real cores fetch an
// aligned word whole, which is what the engine relies on here.
var arm64Arch = &archInfo{
	name:        "arm64",
	minFuncLen:  8,
	funcAlign:   16,
	branchReach: 1<<27 - 1<<20, // B imm26 reaches ±128 MiB
	plan:        arm64PlanFor,
	siteBranch:  arm64SiteBranch,
	landingPad: func(addr, thunk uintptr) ([]byte, error) {
		e, err := arm64Branch(addr, thunk)
		return e.new, err
	},
	thunk:         arm64Thunk,
	trampoline:    arm64Trampoline,
	entryBranches: arm64EntryBranches,
	intArgRegs:    arm64IntArgRegs,
	floatArgRegs:  16, // F0–F15
	instCall:      arm64InstCall,
	insertDict:    arm64InsertDict,
}

// arm64PlanFor: the branch replaces the first instruction, and the
// trampoline replays just that one.
func arm64PlanFor(fn []byte, entry uintptr, _ codeEnv) ([]*entryPlan, error) {
	if len(fn) < 8 {
		return nil, fmt.Errorf("the function is only %d bytes long", len(fn))
	}
	return []*entryPlan{{site: 0, cover: 4}}, nil
}

func arm64SiteBranch(_ *entryPlan, entry, thunk uintptr) (codeEdit, error) {
	return arm64Branch(entry, thunk)
}

func arm64Branch(from, to uintptr) (codeEdit, error) {
	b, err := arm64insn.EncodeB(from, to)
	if err != nil {
		return codeEdit{}, err
	}
	return codeEdit{addr: from, new: binary.LittleEndian.AppendUint32(nil, b)}, nil
}

func arm64Trampoline(fn []byte, entry, addr uintptr, _ *entryPlan, _ codeEnv) ([]byte, error) {
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
func arm64EntryBranches(fn []byte, entry, dest uintptr, _ *entryPlan, _ codeEnv) ([]codeEdit, error) {
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
