package redefine

// moduleEnv answers codeEnv questions from the program's function table,
// with code read where the strategy runs it.
type moduleEnv struct {
	s strategy
}

func (e *moduleEnv) funcAt(pc uintptr) (string, uintptr, []byte, bool) {
	md := mainModule
	i := md.findFunc(pc)
	if i < 0 {
		return "", 0, nil, false
	}
	fi := md.funcAt(i)
	entry := fi.entry()
	return fi.name(), entry, bytesAt(e.s.codeAddr(entry), md.funcEnd(i)-entry), true
}
