package main

import (
	"fmt"

	"example.com/wsdep"
)

func main() { fmt.Println(wsdep.Name()) }
