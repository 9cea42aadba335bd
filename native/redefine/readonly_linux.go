package redefine

import (
	"bufio"
	"os"
	"strconv"
	"strings"
)

// readOnlyRanges returns the mapped, read-only, non-executable ranges of the
// process that overlap [lo, hi), from /proc/self/maps: the linker aligns
// segments far apart, so parts of [lo, hi) may not be mapped at all, and
// others may be writable data.
func readOnlyRanges(lo, hi uintptr) [][2]uintptr {
	f, err := os.Open("/proc/self/maps")
	if err != nil {
		return nil
	}
	defer f.Close()
	var out [][2]uintptr
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 2 || fields[1][:3] != "r--" {
			continue
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
			out = append(out, [2]uintptr{a, b})
		}
	}
	return out
}
