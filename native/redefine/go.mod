module goredefine.dev/redefine

go 1.21
