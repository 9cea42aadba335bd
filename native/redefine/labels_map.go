//go:build !go1.24

package redefine

import "unsafe"

// withLabel returns a new profiler label set holding the labels of set (nil
// for none) and key=value. Before go1.24, runtime/pprof keeps a goroutine's
// labels as a *map[string]string (its labelMap): the set the engine makes
// must be one, since profiles read every goroutine's labels that way.
func withLabel(set unsafe.Pointer, key, value string) unsafe.Pointer {
	m := map[string]string{key: value}
	if set != nil {
		for k, v := range *(*map[string]string)(set) {
			if k != key {
				m[k] = v
			}
		}
	}
	return unsafe.Pointer(&m)
}

// labelValue returns the value of key in set.
func labelValue(set unsafe.Pointer, key string) string {
	if set == nil {
		return ""
	}
	return (*(*map[string]string)(set))[key]
}
