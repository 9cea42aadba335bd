package main

import (
	"fmt"
	"time"

	"example.com/initorder/clock"
)

func main() { fmt.Println(clock.Start.Format(time.Kitchen)) }
