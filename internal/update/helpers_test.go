package update_test

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"aead.dev/minisign"

	"github.com/omamori-app/omamori/internal/update"
)

// testKey is a throw-away signing key made for one test run.
type testKey struct {
	pub  minisign.PublicKey
	priv minisign.PrivateKey
}

func newKey(t *testing.T) testKey {
	t.Helper()
	pub, priv, err := minisign.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return testKey{pub, priv}
}

// line is the key as a line of a key file: "RW...".
func (k testKey) line(t *testing.T) string { return k.pub.String() }

// feedServer is a loopback HTTPS server (httptest's own CA, given to
// the client as its only root) that serves a feed, its signature and
// one download. Tests change the parts before a check.
type feedServer struct {
	*httptest.Server
	mu      sync.Mutex
	feed    []byte
	sig     []byte
	asset   []byte
	handler map[string]http.HandlerFunc // path → a misbehaving answer
}

func newFeedServer(t *testing.T) *feedServer {
	t.Helper()
	s := &feedServer{handler: map[string]http.HandlerFunc{}}
	s.Server = httptest.NewTLSServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

func (s *feedServer) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	h, body := s.handler[r.URL.Path], map[string][]byte{
		"/feed.json": s.feed, "/feed.json.minisig": s.sig, "/Omamori-Setup.exe": s.asset,
	}[r.URL.Path]
	s.mu.Unlock()
	if h != nil {
		h(w, r)
		return
	}
	if body == nil {
		http.NotFound(w, r)
		return
	}
	w.Write(body)
}

func (s *feedServer) set(feed, sig, asset []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.feed, s.sig, s.asset = feed, sig, asset
}

func (s *feedServer) on(path string, h http.HandlerFunc) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.handler[path] = h
}

// roots trusts only the test server's certificate (no InsecureSkipVerify).
func (s *feedServer) roots() *x509.CertPool {
	p := x509.NewCertPool()
	p.AddCert(s.Certificate())
	return p
}

// sampleFeed offers version with a download of asset from the server.
func (s *feedServer) sampleFeed(version string, asset []byte) update.Feed {
	sum := sha256.Sum256(asset)
	return update.Feed{
		Format: update.FeedFormat, Version: version, MinimumVersion: "1.0.0",
		Expires: time.Now().Add(30 * 24 * time.Hour).UTC().Truncate(time.Second),
		Notes:   update.Notes{JA: "不具合を修正しました。", EN: "Fixes a problem."},
		Platforms: map[string]update.Asset{update.Platform(): {
			URL: s.URL + "/Omamori-Setup.exe", Size: int64(len(asset)), SHA256: hex.EncodeToString(sum[:]),
		}},
	}
}

// publish signs f with k and serves it with asset.
func (s *feedServer) publish(t *testing.T, k testKey, f update.Feed, asset []byte) []byte {
	t.Helper()
	b, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	s.set(b, update.Sign(b, k.priv, "omamori feed "+f.Version), asset)
	return b
}

func (s *feedServer) checker(t *testing.T, k testKey, current string) *update.Checker {
	return &update.Checker{
		FeedURL: s.URL + "/feed.json",
		Keys:    []string{k.line(t)},
		Current: current,
		Client:  update.NewClient(s.roots(), 5*time.Second),
		Limits:  update.Limits{Timeout: 5 * time.Second, MaxFeed: 64 << 10, MaxSig: 4 << 10, Download: 10 * time.Second},
	}
}
