package redefine

import (
	"encoding/binary"
	"fmt"
)

// Mach-O segments, read from the header the loader maps at the start of the
// __TEXT segment, to learn which memory is read-only data and with what
// protection (cmd/link puts the func values and jump tables of a darwin
// binary in __DATA_CONST, read-only after dyld's fixups). The layout is
// <mach-o/loader.h>: mach_header_64, then load commands.

const (
	machMagic64     = 0xfeedfacf
	machHeaderSize  = 32
	lcSegment64     = 0x19
	segmentCmdSize  = 72
	segnameLen      = 16
	segVMAddrOffset = 24 // in segment_command_64: cmd, cmdsize, segname[16]
)

// machSegment is one LC_SEGMENT_64 of an image, at its link-time address.
type machSegment struct {
	name           string
	vmaddr, vmsize uint64
	maxprot, prot  int
}

// machSegments reads the segments from an image's header and load commands.
func machSegments(hdr []byte) ([]machSegment, error) {
	le := binary.LittleEndian
	if len(hdr) < machHeaderSize || le.Uint32(hdr) != machMagic64 {
		return nil, fmt.Errorf("not a 64-bit Mach-O header")
	}
	ncmds, sizeofcmds := le.Uint32(hdr[16:]), le.Uint32(hdr[20:])
	cmds := hdr[machHeaderSize:]
	if uint32(len(cmds)) < sizeofcmds {
		return nil, fmt.Errorf("truncated load commands")
	}
	var segs []machSegment
	for i, off := uint32(0), uint32(0); i < ncmds; i++ {
		if off+8 > sizeofcmds {
			return nil, fmt.Errorf("load command %d overruns the commands", i)
		}
		cmd, size := le.Uint32(cmds[off:]), le.Uint32(cmds[off+4:])
		if size < 8 || off+size > sizeofcmds {
			return nil, fmt.Errorf("load command %d has size %d", i, size)
		}
		if cmd == lcSegment64 && size >= segmentCmdSize {
			c := cmds[off : off+size]
			name := c[8 : 8+segnameLen]
			for j, b := range name {
				if b == 0 {
					name = name[:j]
					break
				}
			}
			segs = append(segs, machSegment{
				name:    string(name),
				vmaddr:  le.Uint64(c[segVMAddrOffset:]),
				vmsize:  le.Uint64(c[segVMAddrOffset+8:]),
				maxprot: int(int32(le.Uint32(c[56:]))),
				prot:    int(int32(le.Uint32(c[60:]))),
			})
		}
		off += size
	}
	return segs, nil
}

// machReadOnlyRanges turns the segments of an image whose header is at
// hdrAddr into the non-writable ranges overlapping [lo, hi). __DATA_CONST is
// mapped writable at load time (initprot) and made read-only by dyld, so a
// segment of that name counts as read-only.
func machReadOnlyRanges(segs []machSegment, hdrAddr, lo, hi uintptr) []memRange {
	var slide uintptr
	for _, s := range segs {
		if s.name == "__TEXT" {
			slide = hdrAddr - uintptr(s.vmaddr)
		}
	}
	var out []memRange
	for _, s := range segs {
		prot := s.prot & (protRead | protWrite | protExec)
		if s.name == "__DATA_CONST" {
			prot &^= protWrite
		}
		if prot&protWrite != 0 || prot&protRead == 0 {
			continue
		}
		start, end := uintptr(s.vmaddr)+slide, uintptr(s.vmaddr+s.vmsize)+slide
		if a, b := max(start, lo), min(end, hi); a < b {
			out = append(out, memRange{a, b, prot})
		}
	}
	return out
}
