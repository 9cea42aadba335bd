module goredefine.dev

go 1.22
