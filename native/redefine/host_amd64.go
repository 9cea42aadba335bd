package redefine

// hostArch is the instruction set of the running program.
var hostArch = amd64Arch
