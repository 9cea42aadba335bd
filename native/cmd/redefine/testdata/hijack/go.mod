module example.com/hijack

go 1.22
