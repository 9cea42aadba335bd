module goredefine.dev

go 1.22.0

require (
	golang.org/x/mod v0.23.0
	golang.org/x/tools v0.30.0
)

require golang.org/x/sync v0.11.0 // indirect
