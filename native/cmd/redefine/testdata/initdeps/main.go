package main

import (
	"fmt"
	"time"

	"github.com/acme/clock"
)

func main() { fmt.Println(clock.Started.Format(time.Kitchen)) }
