module example.com/initdeps

go 1.22

require github.com/acme/clock v0.1.0

replace github.com/acme/clock => ./acmeclock
