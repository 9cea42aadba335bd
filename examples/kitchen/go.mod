module example.com/kitchen

go 1.22

require goredefine.dev/redefine v0.0.0

replace goredefine.dev/redefine => ../../native/redefine
