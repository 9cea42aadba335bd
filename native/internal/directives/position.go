package directives

import "go/token"

// flagPos stands in for a position when a redefinition came from the command
// line: the diagnostic then reads "-redefine: message".
func flagPos(v string) token.Position {
	return token.Position{Filename: "-redefine"}
}
