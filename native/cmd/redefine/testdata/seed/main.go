// The seed's example, with the redefinition declared by a directive
// (redefine_now.go) instead of a call.
package main

import (
	"fmt"
	"time"
)

func main() {
	fmt.Println(time.Now().Format(time.Kitchen))
}
