package main

import (
	"fmt"

	"example.com/perbinary/lib"
	"example.com/perbinary/shift"
)

func main() { fmt.Println(shift.Next(), lib.Now()) }
