package main

import "time"

//redefine:func time.Now
func notConstrained() time.Time { return time.Time{} }

func main() {}
