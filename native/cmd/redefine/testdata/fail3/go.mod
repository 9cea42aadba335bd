module example.com/fail3

go 1.22
