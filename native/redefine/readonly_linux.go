package redefine

import (
	"bufio"
	"os"
	"strconv"
	"strings"
)

// readOnlyRanges returns the mapped, readable, non-writable ranges of the
// process that overlap [lo, hi), with their protection, from
// /proc/self/maps: the linker aligns segments far apart, so parts of
// [lo, hi) may not be mapped at all, others may be writable data, and a
// loader may map read-only data together with the text (read+execute).
func readOnlyRanges(lo, hi uintptr) []memRange {
	f, err := os.Open("/proc/self/maps")
	if err != nil {
		return nil
	}
	defer f.Close()
	var out []memRange
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 2 || fields[1][0] != 'r' || fields[1][1] != '-' {
			continue
		}
		prot := protRead
		if fields[1][2] == 'x' {
			prot |= protExec
		}
		start, end, ok := strings.Cut(fields[0], "-")
		if !ok {
			continue
		}
		s, err1 := strconv.ParseUint(start, 16, 64)
		e, err2 := strconv.ParseUint(end, 16, 64)
		if err1 != nil || err2 != nil {
			continue
		}
		if a, b := max(uintptr(s), lo), min(uintptr(e), hi); a < b {
			out = append(out, memRange{a, b, prot})
		}
	}
	return out
}
