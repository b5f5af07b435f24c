//go:build !windows

package passkeyready

// systemOS elsewhere: there is no webauthn.dll to ask (macOS and Linux
// keep passkeys in ways Omamori does not read), so every answer is
// "cannot tell".
type systemOS struct{}

func (systemOS) Platform() Platform                  { return Platform{} }
func (systemOS) PlatformPasskeys(string) (int, bool) { return 0, false }
