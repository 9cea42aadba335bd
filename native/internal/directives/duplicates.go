package directives

import "fmt"

// checkDuplicates reports two replacements of one target that can end up in
// one binary: any two non-test ones, a test one and a non-test one, or two
// in the tests of one directory.
func (c *checker) checkDuplicates() {
	byTarget := map[string][]*Redefinition{}
	for _, r := range c.redefs {
		if r.Valid() {
			byTarget[r.TargetName(true)] = append(byTarget[r.TargetName(true)], r)
		}
	}
	for target, rs := range byTarget {
		for i, a := range rs {
			for _, b := range rs[:i] {
				if a.InTest && b.InTest && a.Dir != b.Dir {
					continue
				}
				a.Err = fmt.Sprintf("%s is already redefined by %s at %s; a target can have only one replacement", target, b.Replacement.Func, b.Pos)
				c.diags = append(c.diags, Diagnostic{Pos: a.TargetPos, End: a.TargetEnd, Message: a.Err})
				break
			}
		}
	}
}
