//go:build redefine

package main

//redefine:func main.helper
func fixedHelper() int { return 2 }
