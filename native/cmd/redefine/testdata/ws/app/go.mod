module example.com/wsapp

go 1.22

require example.com/wslib v0.0.0
