package timesync

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net"
	"net/url"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/omamori-app/omamori/internal/i18n"
)

//go:embed locales
var localesFS embed.FS

var cat = i18n.MustCatalog("timesync", localesFS)

// Config says whom to ask and how far to trust the answers.
type Config struct {
	// NTPServers are asked over SNTP: "host", "host:port" or "[v6]:port".
	NTPServers []string
	// HTTPSServers are asked for their Date header: "https://host[:port]/path".
	// Only https is accepted: the TLS certificate is what makes this source
	// authenticated, and codes are corrected only when one of these agrees.
	// By default NICT's web site and the OS vendor's; a company that blocks
	// them lists a server its users reach anyway (the broker's own site).
	HTTPSServers []string
	// Correct applies an agreed offset to Now (on by default).
	Correct bool
	// MaxCorrection bounds the offset Now applies; beyond it, warn only.
	// Zero durations here and below mean the default.
	MaxCorrection time.Duration
	// MinInterval is the least time between two queries to one server
	// (NICT asks for at most about 20 an hour per client).
	MinInterval time.Duration
	// Recheck is how often the background loop started by Start measures
	// again when nothing else asks it to.
	Recheck time.Duration
	// Timeout bounds each query.
	Timeout time.Duration
	// CacheFile, when set, keeps the last answers between runs so that a
	// fresh process (the CLI) neither waits nor asks again. It holds server
	// names, offsets and times only.
	CacheFile string
}

// Defaults and hard limits.
const (
	DefaultMaxCorrection = 10 * time.Minute
	DefaultMinInterval   = 5 * time.Minute
	DefaultRecheck       = 30 * time.Minute
	DefaultTimeout       = 3 * time.Second

	maxCorrectionLimit = time.Hour       // a policy may not allow more than this
	minIntervalFloor   = 1 * time.Minute // nor query a server more often than this
)

// Default servers. Linux has no vendor server of its own: time.google.com
// is a well-known public service run by a different operator from NICT,
// so the two are independent sources.
const (
	NICT          = "ntp.nict.jp"
	WindowsServer = "time.windows.com"
	AppleServer   = "time.apple.com"
	GoogleServer  = "time.google.com"
)

// Default authenticated (HTTPS Date) sources: the web sites of the same
// operators, so no new party learns that Omamori runs. NICT keeps Japan
// Standard Time; the vendors' sites sit behind large CDNs with
// NTP-disciplined clocks. A HEAD request every MinInterval at most.
const (
	NICTWeb    = "https://www.nict.go.jp/"
	WindowsWeb = "https://www.microsoft.com/"
	AppleWeb   = "https://www.apple.com/"
	GoogleWeb  = "https://www.google.com/"
)

// DefaultConfig is DefaultConfigFor(runtime.GOOS).
func DefaultConfig() Config { return DefaultConfigFor(runtime.GOOS) }

// DefaultConfigFor returns the defaults for an OS (a GOOS value):
// ntp.nict.jp plus the OS's own time server, and the two operators' web
// sites as authenticated sources.
func DefaultConfigFor(goos string) Config {
	second, web := GoogleServer, GoogleWeb
	switch goos {
	case "windows":
		second, web = WindowsServer, WindowsWeb
	case "darwin", "ios":
		second, web = AppleServer, AppleWeb
	}
	return Config{
		NTPServers:    []string{NICT, second},
		HTTPSServers:  []string{NICTWeb, web},
		Correct:       true,
		MaxCorrection: DefaultMaxCorrection,
		MinInterval:   DefaultMinInterval,
		Recheck:       DefaultRecheck,
		Timeout:       DefaultTimeout,
	}
}

// Policy is the JSON policy file a company or help desk hands out. Every
// field is optional; a missing field keeps the default. Example:
//
//	{"ntp_servers": ["ntp.example.co.jp"], "https_servers": ["https://www.example.co.jp/"],
//	 "correct": true, "max_correction_seconds": 600, "min_interval_seconds": 300,
//	 "timeout_seconds": 3}
//
// An empty "ntp_servers" list with no "https_servers" turns checking off
// (as it did before HTTPS sources were on by default), as do two empty
// lists. Otherwise a policy without "https_servers" keeps the default
// HTTPS sources, and with an empty one codes are never corrected (NTP
// alone only warns).
type Policy struct {
	NTPServers           *[]string `json:"ntp_servers,omitempty"`
	HTTPSServers         *[]string `json:"https_servers,omitempty"`
	Correct              *bool     `json:"correct,omitempty"`
	MaxCorrectionSeconds *float64  `json:"max_correction_seconds,omitempty"`
	MinIntervalSeconds   *float64  `json:"min_interval_seconds,omitempty"`
	RecheckSeconds       *float64  `json:"recheck_seconds,omitempty"`
	TimeoutSeconds       *float64  `json:"timeout_seconds,omitempty"`
}

// LoadPolicy reads a policy file. A missing file is an error that
// satisfies errors.Is(err, fs.ErrNotExist), so callers can treat "no
// policy" as normal. Other errors are *i18n.Error.
func LoadPolicy(path string) (Policy, error) {
	var p Policy
	b, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return p, err
		}
		return p, i18n.NewError(cat.M("policy_unreadable", "File", path), cat.M("hint_policy", "File", path), err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		return Policy{}, i18n.NewError(cat.M("policy_bad_json", "File", path, "Detail", err.Error()), cat.M("hint_policy", "File", path), err)
	}
	if _, err := (Config{}).Apply(p); err != nil { // check it now, not when used
		return Policy{}, inFile(err, path)
	}
	return p, nil
}

// inFile gives a setting's error the hint to fix it in file path.
func inFile(err error, path string) error {
	var ie *i18n.Error
	if errors.As(err, &ie) {
		return i18n.NewError(ie.Msg, cat.M("hint_fix_in_file", "File", path), err)
	}
	return err
}

// maxPolicySeconds bounds any duration in a policy file (about 31
// years), far above every valid setting and far below overflow.
const maxPolicySeconds = 1e9

// Apply returns c with the policy's fields laid over it, checked.
func (c Config) Apply(p Policy) (Config, error) {
	if p.NTPServers != nil {
		c.NTPServers = append([]string(nil), (*p.NTPServers)...)
		if len(c.NTPServers) == 0 && p.HTTPSServers == nil {
			c.HTTPSServers = nil // "ask no time server", as such policies always meant
		}
	}
	if p.HTTPSServers != nil {
		c.HTTPSServers = append([]string(nil), (*p.HTTPSServers)...)
	}
	if p.Correct != nil {
		c.Correct = *p.Correct
	}
	for _, f := range []struct {
		name string
		d    *time.Duration
		s    *float64
	}{
		{"max_correction_seconds", &c.MaxCorrection, p.MaxCorrectionSeconds},
		{"min_interval_seconds", &c.MinInterval, p.MinIntervalSeconds},
		{"recheck_seconds", &c.Recheck, p.RecheckSeconds},
		{"timeout_seconds", &c.Timeout, p.TimeoutSeconds},
	} {
		if f.s == nil {
			continue
		}
		// Checked before converting: a Duration overflows past about
		// 9.2e9 seconds, and 1e12 would come out negative.
		if math.IsNaN(*f.s) || math.Abs(*f.s) > maxPolicySeconds {
			return c, i18n.NewError(cat.M("bad_setting", "Name", f.name, "Value", *f.s), cat.M("hint_setting"), nil)
		}
		*f.d = time.Duration(*f.s * float64(time.Second))
	}
	return c, c.Validate()
}

// WithServers replaces the server lists with those named in a CLI flag
// value: entries separated by commas or spaces, "https://..." entries are
// HTTPS Date sources, all others SNTP servers ("127.0.0.1:11123"). An
// empty value leaves c as it is. A list without an https:// entry can
// warn about the clock but never corrects codes.
func (c Config) WithServers(list string) (Config, error) {
	fields := strings.FieldsFunc(list, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\n' })
	if len(fields) == 0 {
		return c, nil
	}
	c.NTPServers, c.HTTPSServers = nil, nil
	for _, f := range fields {
		if strings.Contains(f, "://") {
			c.HTTPSServers = append(c.HTTPSServers, f)
		} else {
			c.NTPServers = append(c.NTPServers, f)
		}
	}
	return c, c.Validate()
}

// Validate reports the first problem in c as an *i18n.Error. A zero
// duration means "the default".
func (c Config) Validate() error {
	for _, s := range c.NTPServers {
		if _, err := ntpHost(s); err != nil {
			return i18n.NewError(cat.M("bad_ntp_server", "Server", s), cat.M("hint_server"), err)
		}
	}
	for _, s := range c.HTTPSServers {
		if _, err := httpsHost(s); err != nil {
			return i18n.NewError(cat.M("bad_https_server", "Server", s), cat.M("hint_https_server"), err)
		}
	}
	bad := func(name string, v time.Duration) error {
		return i18n.NewError(cat.M("bad_setting", "Name", name, "Value", v.Seconds()), cat.M("hint_setting"), nil)
	}
	switch {
	case c.MaxCorrection < 0 || c.MaxCorrection > maxCorrectionLimit:
		return bad("max_correction_seconds", c.MaxCorrection)
	case c.Timeout < 0 || c.Timeout > time.Minute:
		return bad("timeout_seconds", c.Timeout)
	case c.Recheck < 0:
		return bad("recheck_seconds", c.Recheck)
	case c.MinInterval < 0 || (c.MinInterval > 0 && c.MinInterval < minIntervalFloor):
		return bad("min_interval_seconds", c.MinInterval)
	}
	return nil
}

// ntpHost checks an SNTP server entry and returns its host, lower-cased.
func ntpHost(s string) (string, error) {
	if s == "" || strings.ContainsAny(s, " /\t") || strings.Contains(s, "://") {
		return "", fmt.Errorf("not a host or host:port: %q", s)
	}
	host, port := s, ""
	if h, p, err := net.SplitHostPort(s); err == nil {
		host, port = h, p
	} else if strings.HasPrefix(s, "[") || strings.Count(s, ":") == 1 {
		return "", err
	}
	if port != "" || strings.HasSuffix(s, ":") {
		if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
			return "", fmt.Errorf("bad port %q", port)
		}
	}
	if host == "" {
		return "", errors.New("empty host")
	}
	return normHost(host), nil
}

// httpsHost checks an HTTPS Date entry and returns its host, lower-cased.
func httpsHost(s string) (string, error) {
	u, err := url.Parse(s)
	if err != nil {
		return "", err
	}
	if u.Scheme != "https" {
		return "", fmt.Errorf("scheme %q is not https", u.Scheme)
	}
	if u.Hostname() == "" {
		return "", errors.New("empty host")
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return "", fmt.Errorf("bad port %q", p)
		}
	}
	return normHost(u.Hostname()), nil
}

func normHost(h string) string { return strings.TrimSuffix(strings.ToLower(h), ".") }
