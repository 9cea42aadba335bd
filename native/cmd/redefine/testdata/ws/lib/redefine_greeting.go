//go:build redefine

package wslib

//redefine:func example.com/wslib.Greeting
func fixedGreeting() string { return "redefined" }
