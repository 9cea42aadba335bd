package a

import (
	"net/http"

	"example.com/mod/b"
)

// F takes a type of another root package and one of a dependency.
func F(t b.T, c *http.Client) b.T { return t }
