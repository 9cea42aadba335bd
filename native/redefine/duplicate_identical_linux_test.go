package redefine

import "testing"

// Identical results on real arm64 programs (REDEFINE_DUPLICATE_INPUTS),
// loaded at their own addresses: the copy, byte for byte, with the offset
// the engine's own mapping gets, and the words redirected in read-only data.
func TestDuplicateIdenticalOnRealPrograms(t *testing.T) {
	for _, path := range duplicateInputs(t) {
		t.Run(inputName(path), func(t *testing.T) {
			im := loadImage(t, path)
			d, dst := copyTarget(t, im)
			if err := checkRelocation(t, "text", im.textBytes(), d.r, d.offset, defaultWorkers()); err != nil {
				t.Fatal(err)
			}
			n, err := arm64RelocateCopy(dst, im.textBytes(), d.r, d.offset, defaultWorkers(), writingTextCopy)
			if err != nil || n == 0 {
				t.Fatalf("relocating into the copy's own mapping: %d instructions, %v", n, err)
			}

			ranges := readOnlyRanges(im.md.rodata, im.md.noptrdata)
			want := checkCodePointers(t, im.md, im.md, ranges, arm64Arch.funcAlign)
			// Redirect, then compare the read-only data with the file.
			before := map[uintptr]uint64{}
			for _, r := range ranges {
				for a := wordBase(r); a+8 <= r.end; a += 8 {
					before[a] = *(*uint64)(addrPtr(a))
				}
			}
			redirected, err := redirectArm64(d, im.md)
			if err != nil || redirected != len(want) {
				t.Fatalf("redirected %d words (%v), want %d", redirected, err, len(want))
			}
			var changed []uintptr
			for a, v := range before {
				if now := *(*uint64)(addrPtr(a)); now != v {
					if now != v+uint64(d.offset) {
						t.Errorf("word at %#x became %#x, want %#x + %#x", a, now, v, d.offset)
					}
					changed = append(changed, a)
				}
			}
			if len(changed) != len(want) {
				t.Errorf("%d words changed in read-only data, want %d", len(changed), len(want))
			}
			im.remap(t, im.md.rodata, im.md.noptrdata)
			t.Logf("%d KiB of text, %d instructions relocated, %d code pointers redirected", len(dst)>>10, n, len(want))
		})
	}
}
