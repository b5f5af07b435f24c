package timesync

import (
	"encoding/json"
	"os"
	"path/filepath"
	"time"

	"github.com/omamori-app/omamori/internal/atomicfile"
)

// The cache file keeps, per server, the last answer and attempt, so a new
// process respects the rate limits and can correct at once. It holds
// server names, addresses, offsets and times only.
type cacheFile struct {
	Version int           `json:"version"`
	Sources []cacheSource `json:"sources"`
}

type cacheSource struct {
	Server string    `json:"server"`
	Proto  Proto     `json:"proto"`
	Tried  time.Time `json:"tried"`
	Err    string    `json:"error,omitempty"`
	Hold   time.Time `json:"hold_until,omitzero"`
	Good   *cacheAns `json:"answer,omitempty"`
}

type cacheAns struct {
	Addr        string    `json:"addr,omitempty"`
	Offset      float64   `json:"offset_seconds"`
	Uncertainty float64   `json:"uncertainty_seconds"`
	RTT         float64   `json:"rtt_seconds"`
	At          time.Time `json:"at"`
	Epoch       time.Time `json:"boot_epoch"` // PC time minus uptime when measured
}

const cacheVersion = 1

// loadCache takes from the file what another process learnt later than
// this one. A missing, broken or foreign file is ignored: the cache is
// only an optimisation.
func (c *Checker) loadCache() {
	if c.cfg.CacheFile == "" {
		return
	}
	b, err := os.ReadFile(c.cfg.CacheFile)
	if err != nil {
		return
	}
	var f cacheFile
	if json.Unmarshal(b, &f) != nil || f.Version != cacheVersion {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, e := range f.Sources {
		for _, s := range c.srcs {
			if s.id.Proto != e.Proto || s.id.Server != e.Server || !e.Tried.After(s.tried) {
				continue
			}
			s.tried, s.err, s.hold = e.Tried.Round(0), e.Err, e.Hold.Round(0)
			if e.Good != nil && (s.good == nil || e.Good.At.After(s.good.At)) {
				g := s.id
				g.Addr, g.Offset, g.Uncertainty, g.RTT = e.Good.Addr, secs(e.Good.Offset), secs(e.Good.Uncertainty), secs(e.Good.RTT)
				g.At, g.epoch = e.Good.At.Round(0), e.Good.Epoch.Round(0)
				s.good, s.fresh = &g, false
			}
		}
	}
}

// saveCache writes the cache atomically (temp file + rename), 0600.
// Failure is ignored: it only costs a query next time.
func (c *Checker) saveCache() {
	if c.cfg.CacheFile == "" {
		return
	}
	c.mu.Lock()
	f := cacheFile{Version: cacheVersion}
	for _, s := range c.srcs {
		if s.tried.IsZero() {
			continue
		}
		e := cacheSource{Server: s.id.Server, Proto: s.id.Proto, Tried: s.tried, Err: s.err, Hold: s.hold}
		if g := s.good; g != nil {
			e.Good = &cacheAns{g.Addr, g.Offset.Seconds(), g.Uncertainty.Seconds(), g.RTT.Seconds(), g.At, g.epoch}
		}
		f.Sources = append(f.Sources, e)
	}
	c.mu.Unlock()
	b, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return
	}
	writeFileAtomic(c.cfg.CacheFile, b) //nolint:errcheck // only costs a query next time
}

// writeFileAtomic replaces path with b and a newline atomically, 0600,
// so the window and the command never read half a file.
func writeFileAtomic(path string, b []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	return atomicfile.WriteFile(path, append(b, '\n'), 0o600)
}
