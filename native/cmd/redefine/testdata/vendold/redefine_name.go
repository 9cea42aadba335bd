//go:build redefine

package main

//redefine:func example.com/dep.Name
func fixedName() string { return "redefined dep" }
