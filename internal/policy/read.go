package policy

// Read returns the managed settings of this PC: HKLM\Software\Policies\
// Omamori on Windows, /Library/Managed Preferences/<BundleID>.plist on
// macOS, none elsewhere. Nothing set is empty Values and no error; an
// error means the source exists but cannot be read, and empty Values
// come with it.
func Read() (Values, error) { return read() }
