// Test-only module: checks the engine's instruction codecs against an
// independent decoder. It is never part of the engine module (which has no
// requirements); it lives under the engine's internal/ so that it may import
// the codecs.
module goredefine.dev/redefine/internal/crosscheck

go 1.26.0

require (
	golang.org/x/arch v0.33.0
	goredefine.dev/redefine v0.0.0
)

replace goredefine.dev/redefine => ../..
