//go:build go1.24

package redefine

import "unsafe"

// profLabelSet mirrors runtime/pprof's labelMap since go1.24: a list of
// key/value pairs sorted by key.
type profLabelSet struct {
	list []profLabel
}

type profLabel struct {
	key, value string
}

// withLabel returns a new profiler label set holding the labels of set (nil
// for none) and key=value, in runtime/pprof's representation: profiles read
// every goroutine's labels that way.
func withLabel(set unsafe.Pointer, key, value string) unsafe.Pointer {
	var old []profLabel
	if set != nil {
		old = (*profLabelSet)(set).list
	}
	list := make([]profLabel, 0, len(old)+1)
	added := false
	for _, l := range old {
		if l.key == key {
			continue
		}
		if !added && l.key > key {
			list = append(list, profLabel{key, value})
			added = true
		}
		list = append(list, l)
	}
	if !added {
		list = append(list, profLabel{key, value})
	}
	return unsafe.Pointer(&profLabelSet{list})
}

// labelValue returns the value of key in set.
func labelValue(set unsafe.Pointer, key string) string {
	if set == nil {
		return ""
	}
	for _, l := range (*profLabelSet)(set).list {
		if l.key == key {
			return l.value
		}
	}
	return ""
}
