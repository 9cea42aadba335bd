module example.com/stubs

go 1.22
