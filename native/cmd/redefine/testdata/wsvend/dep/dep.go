package wsdep

func Name() string { return "dep" }
