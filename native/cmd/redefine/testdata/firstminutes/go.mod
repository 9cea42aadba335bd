module example.com/firstminutes

go 1.22
