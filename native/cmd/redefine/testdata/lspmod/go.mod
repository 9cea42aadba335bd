module example.com/lspmod

go 1.22
