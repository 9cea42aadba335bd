//go:build redefine

package main

import "example.com/generic/g"

//redefine:func example.com/generic/g.Max
func noArgs(a, b int) int { return 0 }

//redefine:func example.com/generic/g.Max[float64]
func wrongSig(a, b int) int { return 0 }

//redefine:func example.com/generic/g.Max[bool]
func badConstraint(a, b bool) bool { return false }

//redefine:func example.com/generic/g.Max[example.com/generic/g.Nope]
func noType(a, b int) int { return 0 }

//redefine:func example.com/generic/g.Plain[int]
func notGeneric() int { return 0 }

//redefine:func example.com/generic/g.many[int]
func tooMany(a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p int) int { return 0 }

//redefine:func example.com/generic/g.(*Box).Get
func boxNoArgs(b *g.Box[int]) int { return 0 }
