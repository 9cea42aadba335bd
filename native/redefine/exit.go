package redefine

import "os"

// exitNow ends the program with status. Start-up calls it only while
// nothing is redefined, so os.Exit is the real one: it runs the runtime's
// exit hooks (coverage counters, the race detector's report) before
// exiting.
func exitNow(status int) { os.Exit(status) }
