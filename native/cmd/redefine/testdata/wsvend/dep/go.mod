module example.com/wsdep

go 1.22
