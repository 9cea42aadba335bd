package redefine

// TextPC exposes textPC to the external tests: it maps an address in the
// duplicate strategy's copy back to the program's text.
var TextPC = textPC
