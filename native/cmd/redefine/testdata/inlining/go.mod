module example.com/inlining

go 1.22
