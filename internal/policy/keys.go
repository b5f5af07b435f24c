// Package policy reads the settings an organisation's device management
// pushes to a PC: Group Policy or Intune values under
// HKLM\Software\Policies\Omamori on Windows, a configuration profile's
// managed preferences on macOS. Keys is the one list of those settings:
// the loaders that use them (internal/profile, internal/update,
// internal/applock, internal/timesync) read them by these names, and the
// fleet templates under installer/policy (ADMX/ADML, .mobileconfig, the
// plist manifest) name the same ones — templates_test checks it.
//
// Each managed value wins over the same setting in the policy folder's
// files (config.PolicyDir): device management is how IT administers a
// fleet, the folder is for PCs without it. docs/admin.md.
package policy

// Kind is how a key's value is stored.
type Kind int

// The kinds, with their registry and plist types.
const (
	String  Kind = iota // REG_SZ; <string>
	Integer             // REG_DWORD; <integer>
	Bool                // REG_DWORD 0 or 1; <true/> or <false/>
	List                // REG_MULTI_SZ (or REG_SZ separated by commas or spaces); <array> of <string>
	JSON                // REG_SZ or REG_MULTI_SZ (lines joined); <string>: a JSON document
)

// The setting names: registry value names and managed-preference keys.
const (
	BrokerProfiles           = "BrokerProfiles"
	UpdateMode               = "UpdateMode"
	LockMode                 = "LockMode"
	LockIdleMinutes          = "LockIdleMinutes"
	TimeNTPServers           = "TimeNTPServers"
	TimeHTTPSServers         = "TimeHTTPSServers"
	TimeCorrect              = "TimeCorrect"
	TimeMaxCorrectionSeconds = "TimeMaxCorrectionSeconds"
	TimeMinIntervalSeconds   = "TimeMinIntervalSeconds"
	TimeRecheckSeconds       = "TimeRecheckSeconds"
	TimeTimeoutSeconds       = "TimeTimeoutSeconds"
)

// Key is one managed setting and the policy-folder setting it stands for.
type Key struct {
	Name string
	Kind Kind
	File string // the same setting in the policy folder: file and field
}

// Keys is every managed setting Omamori reads.
var Keys = []Key{
	{BrokerProfiles, JSON, "profiles.json (the whole file)"},
	{UpdateMode, String, "policy.json update.mode"},
	{LockMode, String, "policy.json lock.mode"},
	{LockIdleMinutes, Integer, "policy.json lock.idle_minutes"},
	{TimeNTPServers, List, "time-policy.json ntp_servers"},
	{TimeHTTPSServers, List, "time-policy.json https_servers"},
	{TimeCorrect, Bool, "time-policy.json correct"},
	{TimeMaxCorrectionSeconds, Integer, "time-policy.json max_correction_seconds"},
	{TimeMinIntervalSeconds, Integer, "time-policy.json min_interval_seconds"},
	{TimeRecheckSeconds, Integer, "time-policy.json recheck_seconds"},
	{TimeTimeoutSeconds, Integer, "time-policy.json timeout_seconds"},
}

// RegistryKey is the key under HKEY_LOCAL_MACHINE that Group Policy and
// Intune write; BundleID names the macOS managed preferences.
const (
	RegistryKey = `Software\Policies\Omamori`
	BundleID    = "app.omamori.desktop"
)

func kindOf(name string) (Kind, bool) {
	for _, k := range Keys {
		if k.Name == name {
			return k.Kind, true
		}
	}
	return 0, false
}
