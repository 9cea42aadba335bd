package a

import "testing"

func helperInTest() int { return 1 }

func TestF(t *testing.T) {}
