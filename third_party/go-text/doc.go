// Package gotext holds the patches our build applies to the pinned go-text
// typesetting module (patches/, applied by scripts/fyne-patched.sh, checked
// by third_party/fyne's TestPatchesApplyToPinnedFyne). It has no code of
// its own.
package gotext
