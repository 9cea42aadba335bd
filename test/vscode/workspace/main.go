package main

import (
	"fmt"
	"time"
)

func main() {
	fmt.Println(greeting())
}

func greeting() string {
	return "It is " + time.Now().Format(time.Kitchen)
}
