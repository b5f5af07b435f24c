//go:build !windows

package update

func verifyAuthenticode(path, publisher string) error {
	return fail(ErrAuthenticode, "authenticode_unavailable", "hint_authenticode")
}
