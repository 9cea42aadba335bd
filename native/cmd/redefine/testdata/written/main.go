package main

import "fmt"

func main() { fmt.Println(label()) }

func label() string { return "real" }
