package g

import "testing"

// Under redefine test, redefine_test.go's directive redefines Max[ID] for
// this test binary: Max[int], which shares its code, and Max[float64] keep
// theirs.
func TestMaxID(t *testing.T) {
	if got := Max[ID](3, 4); got != -1 {
		t.Errorf("Max[ID](3, 4) = %d, want -1 (redefined)", got)
	}
	if got := Max(3, 4); got != 4 {
		t.Errorf("Max(3, 4) = %d, want 4", got)
	}
	if got := Larger(3, 4); got != 4 {
		t.Errorf("Larger(3, 4) = %d, want 4", got)
	}
	if got := Max(1.5, 2.5); got != 2.5 {
		t.Errorf("Max(1.5, 2.5) = %v, want 2.5", got)
	}
}
