package p

func Value() int { return 1 }

func Other() int { return 1 }
