package redefine

import (
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
	"unsafe"
)

// Benchmarks of the duplicate strategy's start-up on real arm64 programs
// loaded at their own addresses (loadedimage_linux_test.go), natively:
// relocation and the code-pointer scan are pure Go, so they run here exactly
// as they would inside the program. The inputs are named by
// REDEFINE_DUPLICATE_INPUTS (paths separated by colons); scripts/
// bench-duplicate.sh builds them and runs this (figures in BENCHMARKS.md).
//
// Each iteration times a memcpy of the program's text into a warm buffer,
// then the step, so that both see the same load on a shared machine; the
// benchmark reports the median of the step's time divided by the memcpy's
// (x-memcpy), and the medians of both (ns/step, ns/memcpy); the fastest
// step over the fastest memcpy (best-x-memcpy), the figure least disturbed
// by other programs on the machine, which may keep the cores the parallel
// steps use busy for a whole round. It also reports
// the same ratio in the thread's CPU time (cpu-x-memcpy), which time spent
// waiting for a core shared with other work does not inflate; it means
// something for the steps that run on one thread (relocate-1core), and the
// bytes the step allocates (B-alloc/step). Steps:
//
//	relocate        copy and relocate the text into the engine's own mapping
//	                of the copy, on every core (relocate-1core: on one)
//	scan            find the code pointers of read-only data
//	redirect        readOnlyRanges, scan, and rewrite them (mprotect included)
//
// The -before steps run the implementation from before issue 17; there
// relocation did not include the copy (it ran on a copy made beforehand).
// Every scan starts from read-only data mapped afresh, as in a new process.

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

// redirectArm64 is duplicate.redirectCodePointers for an arm64 program
// loaded into this amd64 process: the same steps, with arm64's function
// alignment.
func redirectArm64(d *duplicate, md *moduledata) (int, error) {
	return codePointers(md, md, readOnlyRanges(md.rodata, md.noptrdata), arm64Arch.funcAlign, defaultWorkers()).redirect(d.offset, defaultWorkers())
}

func BenchmarkDuplicate(b *testing.B) {
	for _, path := range duplicateInputs(b) {
		b.Run(inputName(path), func(b *testing.B) { benchmarkDuplicate(b, path) })
	}
}

func benchmarkDuplicate(b *testing.B, path string) {
	im := loadImage(b, path)
	d, dst := copyTarget(b, im)
	src := im.textBytes()
	warm := make([]byte, len(src))
	copy(warm, src)
	copy(dst, src)
	fresh := func() { im.remap(b, im.md.rodata, im.md.noptrdata) }
	must := func(_ int, err error) {
		if err != nil {
			b.Fatal(err)
		}
	}
	steps := []struct {
		name  string
		setup func()
		run   func()
	}{
		{"relocate", nil, func() { must(arm64RelocateCopy(dst, src, d.r, d.offset, defaultWorkers(), writingTextCopy)) }},
		{"relocate-1core", nil, func() { must(arm64RelocateCopy(dst, src, d.r, d.offset, 1, writingTextCopy)) }},
		{"relocate-before", func() { copy(dst, src) }, func() { must(refArm64RelocateCopy(dst, d.r, d.offset)) }},
		{"scan", fresh, func() {
			codePointers(im.md, im.md, readOnlyRanges(im.md.rodata, im.md.noptrdata), arm64Arch.funcAlign, defaultWorkers())
		}},
		{"scan-before", fresh, func() {
			refCodePointerWords(im.md, im.md, readOnlyRanges(im.md.rodata, im.md.noptrdata), arm64Arch.funcAlign)
		}},
		{"redirect", fresh, func() { must(redirectArm64(d, im.md)) }},
		{"redirect-before", fresh, func() { must(refRedirectCodePointers(d, im.md, im.md, arm64Arch.funcAlign)) }},
	}
	for _, st := range steps {
		b.Run(st.name, func(b *testing.B) {
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			var ratios, cpuRatios, stepNs, copyNs, allocs []float64
			var m0, m1 runtime.MemStats
			for i := 0; i < b.N; i++ {
				if st.setup != nil {
					st.setup()
				}
				runtime.ReadMemStats(&m0)
				t0, c0 := time.Now(), threadCPU()
				copy(warm, src)
				t1, c1 := time.Now(), threadCPU()
				st.run()
				t2, c2 := time.Now(), threadCPU()
				runtime.ReadMemStats(&m1)
				allocs = append(allocs, float64(m1.TotalAlloc-m0.TotalAlloc))
				ratios = append(ratios, float64(t2.Sub(t1))/float64(t1.Sub(t0)))
				cpuRatios = append(cpuRatios, float64(c2-c1)/float64(c1-c0))
				stepNs = append(stepNs, float64(t2.Sub(t1)))
				copyNs = append(copyNs, float64(t1.Sub(t0)))
			}
			b.ReportMetric(median(ratios), "x-memcpy")
			b.ReportMetric(slices.Min(stepNs)/slices.Min(copyNs), "best-x-memcpy")
			b.ReportMetric(median(cpuRatios), "cpu-x-memcpy")
			b.ReportMetric(median(stepNs), "ns/step")
			b.ReportMetric(median(copyNs), "ns/memcpy")
			b.ReportMetric(median(allocs), "B-alloc/step")
		})
	}
	fresh()
}

// threadCPU is the CPU time the calling thread has used, in nanoseconds.
func threadCPU() int64 {
	const clockThreadCPUTime = 3 // CLOCK_THREAD_CPUTIME_ID
	var ts syscall.Timespec
	syscall.Syscall(syscall.SYS_CLOCK_GETTIME, clockThreadCPUTime, uintptr(unsafe.Pointer(&ts)), 0)
	return ts.Nano()
}

func median(v []float64) float64 {
	slices.Sort(v)
	return v[len(v)/2]
}
