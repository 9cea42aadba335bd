//go:build !linux && !darwin

package redefine

// tracerPID: the engine runs on linux and darwin only (checkPlatform).
func tracerPID() (int, error) { return 0, ErrUnsupported }
