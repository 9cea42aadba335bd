module example.com/wsvendapp

go 1.23

require example.com/wsdep v0.0.0
