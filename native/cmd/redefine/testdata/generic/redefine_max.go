//go:build redefine

package main

import "example.com/generic/g"

//redefine:func example.com/generic/g.Max[int]
func maxTimes100(a, b int) int { return 100 * int(g.Max(g.ID(a), g.ID(b))) }

//redefine:func example.com/generic/g.(*Box[string]).Get
func boxGet(b *g.Box[string]) string { return "<" + b.V + ">" }
