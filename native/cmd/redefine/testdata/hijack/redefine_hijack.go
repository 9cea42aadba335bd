//go:build redefine

package main

import (
	"errors"
	"io"
	"os"
	"time"
)

//redefine:func os.Getenv
func noEnv(key string) string { return "" }

//redefine:func os.OpenFile
func noFiles(name string, flag int, perm os.FileMode) (*os.File, error) {
	return nil, errors.New("no files")
}

//redefine:func fmt.Fprintf
func silent(w io.Writer, format string, a ...any) (int, error) { return 0, nil }

//redefine:func time.Now
func fixedNow() time.Time { return time.Date(2026, 1, 30, 17, 0, 0, 0, time.UTC) }
