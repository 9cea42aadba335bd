#!/usr/bin/env bash
# The engine (native/redefine): natively on linux/amd64 with and without the
# race detector, on linux/arm64 under qemu, and cross-compiled for darwin.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib.sh
cd native/redefine

log "go vet (linux/amd64, linux/arm64, darwin/amd64, darwin/arm64)"
go vet ./...
GOARCH=arm64 go vet ./...
for arch in amd64 arm64; do
  GOOS=darwin GOARCH=$arch CGO_ENABLED=0 go vet ./...
done

log "linux/amd64, natively"
go test -count=1 ./...
log "linux/amd64 with -race"
go test -count=1 -race ./...
log "linux/amd64 with -cover"
go test -count=1 -cover ./...
log "linux/amd64: ByName reads signatures from DWARF, which go test strips unless asked (-ldflags=-w=false)"
go test -count=1 -ldflags=-w=false -run 'Misuse|ByName' .
log "linux/amd64 built with -gcflags=all=-N -l (as debug sessions are): timers on the system stack, every argument register"
go test -count=1 -gcflags='all=-N -l' -run 'TestTimersWhileTimeNowCallsOriginal|TestEveryArgumentRegister|TestPatchingStress|TestGeneric' .
log "linux/amd64, a position-independent executable: the debugger strategy reads the program's code from the executable where it was loaded"
go test -count=1 -buildmode=pie -run 'TestExecutableCodeMatchesMemory|TestDebuggerStrategyWithoutDebugger' .
log "linux/amd64: per-test scopes, three runs in one process, with -race"
go test -count=3 -race -run 'Scope|ForTest|Isolates' .

if need_qemu; then
  for strategy in inplace duplicate; do
    log "linux/arm64 under qemu-aarch64-static, strategy $strategy"
    REDEFINE_STRATEGY=$strategy quietly run_arm64_tests . engine -test.count=1
  done
  log "linux/arm64 under qemu, both strategies, with the race detector's gate in every thunk (the detector itself cannot run under qemu)"
  bin="$(mktemp -d)/engine-arm64-racegate.test"
  GOARCH=arm64 CGO_ENABLED=0 go test -c -tags redefine_racegate -o "$bin" .
  for strategy in inplace duplicate; do
    REDEFINE_STRATEGY=$strategy REDEFINE_TEST_EXEC=qemu-aarch64-static qemu-aarch64-static "$bin" -test.count=1 -test.short
  done
  log "linux/arm64 under qemu, strategy duplicate, with -cover (coverage counters live in data: the copy updates the same ones)"
  bin="$(mktemp -d)/engine-arm64-cover.test"
  GOARCH=arm64 CGO_ENABLED=0 go test -c -cover -o "$bin" .
  REDEFINE_STRATEGY=duplicate REDEFINE_TEST_EXEC=qemu-aarch64-static quietly qemu-aarch64-static "$bin" -test.count=1 -test.gocoverdir="$(mktemp -d)"
fi

log "duplicate strategy: the same copy and code pointers as the previous implementation, on real arm64 programs (gopls and 1,000 generated switches, built once into the cache, loaded at their own addresses)"
inputs="$(bash ../../scripts/duplicate-inputs.sh gopls):$(bash ../../scripts/duplicate-inputs.sh generated 1000)"
REDEFINE_DUPLICATE_INPUTS=$inputs go test -buildmode=pie -count=1 -run '^TestDuplicateIdenticalOnRealPrograms$' -v . | grep -E '^(--- |ok|FAIL)|relocated'

log "a Go release newer than the engine knows fails the build with a message that says so"
if out=$(go vet -tags go1.28 . 2>&1); then
  log "FAIL: building as go1.28 succeeded"; exit 1
fi
grep -q does_not_support_this_Go_release <<<"$out" || { log "FAIL: unexpected message: $out"; exit 1; }

log "darwin/amd64 and darwin/arm64: cross-compiled test binaries (not run: no Mac here)"
for arch in amd64 arm64; do
  GOOS=darwin GOARCH=$arch CGO_ENABLED=0 go test -c -o /dev/null .
done

log "arm64 codec against golang.org/x/arch (test-only module), with a short fuzz run"
(
  cd internal/crosscheck
  go test -count=1 ./...
  go test -run '^$' -fuzz FuzzTargetAgrees -fuzztime 10s .
  go test -run '^$' -fuzz FuzzRelocateKeepsTarget -fuzztime 10s .
)
