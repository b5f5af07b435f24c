package update

import "errors"

// ErrAuthenticode: the installer is not signed by our publisher, or its
// signature does not cover it as it is (a changed byte).
var ErrAuthenticode = errors.New("update: the installer's Authenticode signature is not ours")

// Publisher is the name in our Authenticode certificate (its subject's
// common name), which VerifyAuthenticode requires. The release
// certificate's name goes here with the release keys (docs/release.md).
const Publisher = "Omamori"

// VerifyAuthenticode checks, on Windows, that the file at path carries a
// valid Authenticode signature (WinVerifyTrust: the signature covers the
// file as it is, and Windows trusts its certificate chain) made by a
// certificate whose subject's name is publisher. Run it just before the
// installer runs, after Download.Verify. Elsewhere it is an error: only
// Windows installers are run by Omamori.
func VerifyAuthenticode(path, publisher string) error { return verifyAuthenticode(path, publisher) }
