package a_test

import (
	"net/http"
	"testing"

	"example.com/mod/a"
	"example.com/mod/b"
)

func TestX(t *testing.T) { _ = a.F(b.T{}, http.DefaultClient) }
