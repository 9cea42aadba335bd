package main

import (
	"fmt"

	"example.com/wslib"
)

func main() { fmt.Println(wslib.Greeting()) }
