module example.com/frozen

go 1.22
