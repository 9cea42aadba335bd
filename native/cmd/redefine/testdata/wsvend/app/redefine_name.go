//go:build redefine

package main

//redefine:func example.com/wsdep.Name
func fixedName() string { return "redefined workspace dep" }
