//go:build !windows && !darwin

package policy

func read() (Values, error) { return Values{}, nil }
