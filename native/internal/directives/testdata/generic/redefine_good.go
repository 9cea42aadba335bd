//go:build redefine

package main

import (
	"time"

	"example.com/generic/g"
)

//redefine:func example.com/generic/g.Max[int]
func maxInt(a, b int) int { return 0 }

//redefine:func example.com/generic/g.Max[example.com/generic/g.ID]
func maxID(a, b g.ID) g.ID { return 0 }

//redefine:func example.com/generic/g.Max[main.local]
func maxLocal(a, b local) local { return 0 }

//redefine:func example.com/generic/g.(*Box[string]).Get
func boxGet(b *g.Box[string]) string { return "" }

//redefine:func example.com/generic/g.Box[[]time.Duration].Val
func boxVal(b g.Box[[]time.Duration], n int) []time.Duration { return nil }

//redefine:func example.com/generic/g.Pair[string, any]
func pair(a string, b any) (any, string) { return nil, "" }

// maxFloat is named by a -redefine flag.
func maxFloat(a, b float64) float64 { return 0 }
