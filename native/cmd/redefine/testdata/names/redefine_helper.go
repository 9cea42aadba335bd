//go:build redefine

package main

//redefine:func main.helper
func fixedHelper() int { return 2 }

//redefine:func example.com/names/v.2.F
func fixedF() int { return 2 }
