package main
import _ "golang.org/x/tools/go/packages"
import _ "golang.org/x/mod/modfile"
func main(){}
