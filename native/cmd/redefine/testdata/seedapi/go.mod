module example.com/seedapi

go 1.22
