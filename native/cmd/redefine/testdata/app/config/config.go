package config

import "os"

// Loaded is set by an initialiser: the engine's init must run before it.
var Loaded = load()

func load() bool {
	os.Stderr.WriteString("config: init\n")
	return true
}
