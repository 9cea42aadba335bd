package redefine

// readOnlyRanges returns the read-only ranges overlapping [lo, hi), from the
// Mach-O load commands of the program's image. The header sits at the start
// of __TEXT, a few pages below the first function.
func readOnlyRanges(lo, hi uintptr) []memRange {
	hdr := findMachHeader(mainModule.text)
	if hdr == 0 {
		return nil
	}
	n := uintptr(*(*uint32)(addrPtr(hdr + 20)))
	segs, err := machSegments(bytesAt(hdr, machHeaderSize+n))
	if err != nil {
		return nil
	}
	return machReadOnlyRanges(segs, hdr, lo, hi)
}

// findMachHeader looks for the Mach-O magic at page starts below text, all
// of which belong to the __TEXT segment and so are mapped.
func findMachHeader(text uintptr) uintptr {
	for a, i := pageDown(text), 0; i < 64 && a != 0; a, i = a-pageSize(), i+1 {
		if *(*uint32)(addrPtr(a)) == machMagic64 {
			return a
		}
	}
	return 0
}
