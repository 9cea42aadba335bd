package g

//redefine:func example.com/generic/g.Max[example.com/generic/g.ID]
func minusOne(a, b ID) ID { return -1 }
