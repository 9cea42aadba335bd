package redefine

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Benchmarks of the duplicate strategy's start-up on real arm64 programs
// loaded at their own addresses (loadedimage_linux_test.go), natively:
// relocation and the code-pointer scan are pure Go, so they run here exactly
// as they would inside the program. The inputs are named by
// REDEFINE_DUPLICATE_INPUTS (paths separated by colons); the figures, as
// ratios to the memcpy of the same text in the same run, are in
// BENCHMARKS.md (scripts/bench-duplicate.sh computes them).
//
// Steps: memcpy (the text into a warm buffer), relocate (copy and relocate
// into the engine's own mapping of the copy), scan (find the code pointers
// of read-only data), redirect (scan and rewrite them, mprotect included);
// each -before step runs the implementation from before issue 17.

const inputsEnv = "REDEFINE_DUPLICATE_INPUTS"

// duplicateInputs returns the programs named by REDEFINE_DUPLICATE_INPUTS.
func duplicateInputs(tb testing.TB) []string {
	v := os.Getenv(inputsEnv)
	if v == "" {
		tb.Skipf("%s names no arm64 programs (scripts/duplicate-inputs.sh builds them)", inputsEnv)
	}
	return strings.Split(v, ":")
}

// inputName is a short name for a program: its file name, or its
// directory's for benchgen's "bench".
func inputName(path string) string {
	name := filepath.Base(path)
	if name == "bench" {
		name = filepath.Base(filepath.Dir(path))
	}
	return strings.TrimSuffix(name, "-arm64")
}

// copyTarget maps the text copy where the engine would (mapTextCopy near
// the loaded text) and returns a duplicate describing it.
func copyTarget(tb testing.TB, im *loadedImage) (*duplicate, []byte) {
	size := im.text.end - im.text.start
	at, err := mapTextCopy(im.text.start, 1<<31, size)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = rawMunmap(at, size) })
	return &duplicate{r: im.text, offset: at - im.text.start}, bytesAt(at, size)
}

func BenchmarkDuplicate(b *testing.B) {
	for _, path := range duplicateInputs(b) {
		im := loadImage(b, path)
		d, dst := copyTarget(b, im)
		src := im.textBytes()
		warm := make([]byte, len(src))
		copy(warm, src)
		copy(dst, src)
		name := inputName(path)
		b.Run(name+"/memcpy", func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			for range b.N {
				copy(warm, src)
			}
		})
		b.Run(name+"/relocate-before", func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			for range b.N {
				b.StopTimer()
				copy(dst, src)
				b.StartTimer()
				if _, err := refArm64RelocateCopy(dst, d.r, d.offset); err != nil {
					b.Fatal(err)
				}
			}
		})
		ranges := readOnlyRanges(im.md.rodata, im.md.noptrdata)
		b.Run(name+"/scan-before", func(b *testing.B) {
			for range b.N {
				b.StopTimer()
				im.remap(b, im.md.rodata, im.md.noptrdata)
				b.StartTimer()
				refCodePointerWords(im.md, im.md, ranges, arm64Arch.funcAlign)
			}
		})
		b.Run(name+"/redirect-before", func(b *testing.B) {
			for range b.N {
				b.StopTimer()
				im.remap(b, im.md.rodata, im.md.noptrdata)
				b.StartTimer()
				if _, err := refRedirectCodePointers(d, im.md, im.md, arm64Arch.funcAlign); err != nil {
					b.Fatal(err)
				}
			}
		})
		im.remap(b, im.md.rodata, im.md.noptrdata)
	}
}
