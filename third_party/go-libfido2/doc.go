// Package golibfido2 holds the patches our build applies to the pinned
// go-libfido2 module (patches/, applied by scripts/fyne-patched.sh, checked
// by third_party/fyne's TestPatchesApplyToPinnedFyne). It has no code of
// its own.
package golibfido2
