package redefine

import "fmt"

// checkSignature compares the replacement with the target named by name.
func checkSignature(t target, replacement any, rfv *funcval) error {
	return checkFrameSize(t, rfv)
}

// checkFrameSize compares the argument sizes the runtime records for the
// target and the replacement's code (_func.args counts the parameters only).
func checkFrameSize(t target, rfv *funcval) error {
	i := mainModule.findFunc(textPC(rfv.fn))
	if i < 0 {
		return nil // code outside the table; nothing to compare
	}
	r := mainModule.funcAt(i)
	if got, want := r.f.args, t.fi.f.args; got != want {
		return fmt.Errorf("%s: replacement %s takes %d bytes of arguments, the target %d: "+
			"the signatures differ (a method's receiver is the replacement's first parameter): %w",
			t.name, r.name(), got, want, ErrTypeMismatch)
	}
	return nil
}
