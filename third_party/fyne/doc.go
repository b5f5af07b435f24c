// Package fyne holds the patches our build applies to the pinned Fyne
// (patches/, applied by scripts/fyne-patched.sh) and the test that they
// still apply. It has no code of its own.
package fyne
