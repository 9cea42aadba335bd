//go:build go1.28

package redefine

// This file stops the build on Go releases newer than the engine knows. The
// engine reads runtime structures whose layout changes between releases, and
// guessing a layout would corrupt the program it patches.
const _ = goredefine_does_not_support_this_Go_release_yet__update_goredefine_dev_redefine_or_build_with_go1_27
