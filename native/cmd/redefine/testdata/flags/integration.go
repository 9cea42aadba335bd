//go:build integration

package main

func init() { mode = "integration" }
