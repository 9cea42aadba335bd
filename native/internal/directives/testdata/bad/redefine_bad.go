//go:build redefine

package main

import "time"

//redefine:func time.Now
var notAFunc = 1

//redefine:func time..Now
func malformed() time.Time { return time.Time{} }

//redefine:func time.Nowz
func unknownFunc() time.Time { return time.Time{} }

//redefine:func example.com/nosuch.F
func unknownPkg() {}

//redefine:func time.Since
func wrongSig(d time.Duration) time.Duration { return d }

//redefine:func time.Now
func first() time.Time { return time.Time{} }

//redefine:func time.Now
func second() time.Time { return time.Time{} }

type T struct{}

//redefine:func time.Unix
func (T) method(sec, nsec int64) time.Time { return time.Time{} }

//redefine:fun time.Now
func typo() time.Time { return time.Time{} }

//redefine:func time.Time.Unix
func valueRecv(t time.Time) int64 { return 0 }

//redefine:func time.(*Time).Unix
func ptrRecvWrong(t *time.Time) int64 { return 0 }

//redefine:func slices.Sort
func generic() {}

func body() {
	//redefine:func time.Now
	_ = 1
}
