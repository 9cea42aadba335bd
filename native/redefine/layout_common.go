package redefine

// The types in this file mirror runtime types whose layout has not changed
// between the Go releases the engine supports (go1.22 through go1.27). The
// per-release moduledata copies live in layout_go1NN.go.

// pcHeader mirrors runtime.pcHeader. Go 1.26 stopped using the textStart word
// but kept it in place, so the layout is the same for every supported release.
type pcHeader struct {
	magic          uint32
	pad1, pad2     uint8
	minLC          uint8
	ptrSize        uint8
	nfunc          int
	nfiles         uint
	textStart      uintptr // unused since go1.26; kept for the layout
	funcnameOffset uintptr
	cuOffset       uintptr
	filetabOffset  uintptr
	pctabOffset    uintptr
	pclnOffset     uintptr
}

// pclntabMagic is abi.Go120PCLnTabMagic, the symbol table format of every
// supported release.
const pclntabMagic = 0xfffffff1

// functab mirrors runtime.functab: one entry per function, sorted by entryoff.
type functab struct {
	entryoff uint32 // relative to moduledata.text
	funcoff  uint32 // offset of the _func in pclntable
}

// textsect mirrors runtime.textsect (more than one only for very large
// binaries on architectures with short branches).
type textsect struct {
	vaddr    uintptr
	end      uintptr
	baseaddr uintptr
}

// funcHeader mirrors the fixed part of runtime._func. It is followed in the
// pclntab by npcdata uint32 pcdata offsets, then nfuncdata uint32 funcdata
// offsets.
type funcHeader struct {
	entryOff    uint32
	nameOff     int32
	args        int32
	deferreturn uint32
	pcsp        uint32
	pcfile      uint32
	pcln        uint32
	npcdata     uint32
	cuOffset    uint32
	startLine   int32
	funcID      uint8
	flag        uint8
	_           [1]byte
	nfuncdata   uint8
}

// inlinedCall mirrors runtime.inlinedCall, one node of a function's inline
// tree (FUNCDATA_InlTree).
type inlinedCall struct {
	funcID    uint8
	pad       [3]byte
	nameOff   int32
	parentPc  int32
	startLine int32
}

// Indexes into a function's pcdata and funcdata tables (internal/abi).
const (
	pcdataUnsafePoint  = 0
	pcdataInlTreeIndex = 2
	funcdataInlTree    = 3
)

// funcFlagAsm marks a function written in assembly (abi.FuncFlagAsm).
const funcFlagAsm = 1 << 2

// Placeholders with the size and pointer shape of runtime types that the
// engine never looks into.
type (
	ptabEntry  struct{ name, typ int32 }
	modulehash struct {
		modulename   string
		linktimehash string
		runtimehash  *string
	}
	bitvector struct {
		n        int32
		bytedata *uint8
	}
)
