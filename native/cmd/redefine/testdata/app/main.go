package main

import (
	"fmt"
	"time"

	"example.com/app/config"
)

func main() {
	fmt.Println(config.Loaded, time.Now().Format(time.Kitchen))
}

// notLoaded can replace config.load from the command line.
func notLoaded() bool { return false }
