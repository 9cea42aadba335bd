package v2

// F lives in a package whose last path element has a dot.
func F() int { return 1 }
