package wslib

func Greeting() string { return "hello" }
