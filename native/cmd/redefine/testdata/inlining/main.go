package main

import (
	"fmt"

	"example.com/inlining/calc"
)

func main() { fmt.Println(calc.Sum(4), calc.Add(1, 1)) }
