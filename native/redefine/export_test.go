package redefine

// TextPC exposes textPC to the external tests: it maps an address in the
// duplicate strategy's copy back to the program's text.
var TextPC = textPC

// HasDWARF reports whether ByName can read signatures from this test
// binary's DWARF (go test strips it unless asked for a binary: -c, -o, or
// -ldflags=-w=false).
func HasDWARF() bool {
	_, err := dwarfSignature("time.Now")
	return err == nil
}
