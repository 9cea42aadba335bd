package main

import "fmt"

var mode = "plain"

func main() { fmt.Println(mode) }
