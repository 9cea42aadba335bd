module example.com/written

go 1.22
