package timesynctest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"
)

// CA is a throw-away certificate authority for loopback HTTPS time
// servers. A checker is told to trust it through Client (an injected
// *http.Client with RootCAs) or, for a separate process, through
// SSL_CERT_FILE=WritePEM(...): never by skipping verification.
type CA struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
	der  []byte
}

// NewCA makes a CA valid for an hour either side of now.
func NewCA(t testing.TB) *CA {
	t.Helper()
	key := newKey(t)
	tmpl := &x509.Certificate{
		SerialNumber:          serial(t),
		Subject:               pkix.Name{CommonName: "omamori test CA"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return &CA{cert: cert, key: key, der: der}
}

// Pool holds this CA only.
func (ca *CA) Pool() *x509.CertPool {
	p := x509.NewCertPool()
	p.AddCert(ca.cert)
	return p
}

// Client is an HTTP client that trusts this CA and nothing else.
func (ca *CA) Client() *http.Client {
	return &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: ca.Pool()}}}
}

// WritePEM writes the CA certificate to a file in dir and returns its
// path, for SSL_CERT_FILE in a child process.
func (ca *CA) WritePEM(t testing.TB, dir string) string {
	t.Helper()
	path := filepath.Join(dir, "test-ca.pem")
	b := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: ca.der})
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// issue makes a server certificate for ip, signed by ca.
func (ca *CA) issue(t testing.TB, ip string) tls.Certificate {
	t.Helper()
	key := newKey(t)
	tmpl := &x509.Certificate{
		SerialNumber: serial(t),
		Subject:      pkix.Name{CommonName: ip},
		IPAddresses:  []net.IP{net.ParseIP(ip)},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, &key.PublicKey, ca.key)
	if err != nil {
		t.Fatal(err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
}

// DateServer is an HTTPS server whose Date header is real time plus an
// offset, like the HTTPS time sources Omamori asks.
type DateServer struct {
	URL    string // "https://127.0.0.3:port/"
	Addr   string // "127.0.0.3:port"
	offset atomic.Int64
	hits   atomic.Int32
}

// StartHTTPSDate serves HTTPS on ip:0 (a loopback address) with a
// certificate for ip signed by ca, until the test ends.
func StartHTTPSDate(t testing.TB, ca *CA, ip string, offset time.Duration) *DateServer {
	t.Helper()
	ln, err := net.Listen("tcp", net.JoinHostPort(ip, "0"))
	if err != nil {
		t.Fatalf("listen on %s: %v", ip, err)
	}
	s := &DateServer{Addr: ln.Addr().String()}
	s.URL = "https://" + s.Addr + "/"
	s.offset.Store(int64(offset))
	srv := &http.Server{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			s.hits.Add(1)
			w.Header().Set("Date", time.Now().Add(time.Duration(s.offset.Load())).UTC().Format(http.TimeFormat))
		}),
		TLSConfig:         &tls.Config{Certificates: []tls.Certificate{ca.issue(t, ip)}},
		ReadHeaderTimeout: 5 * time.Second,
		ErrorLog:          log.New(io.Discard, "", 0), // a refused certificate is what some tests want
	}
	go srv.ServeTLS(ln, "", "") //nolint:errcheck // ends with Close
	t.Cleanup(func() { srv.Close() })
	return s
}

// SetOffset changes the server's clock.
func (s *DateServer) SetOffset(d time.Duration) { s.offset.Store(int64(d)) }

// Hits counts the requests that reached the handler (a client that
// refused the certificate never gets that far).
func (s *DateServer) Hits() int { return int(s.hits.Load()) }

func newKey(t testing.TB) *ecdsa.PrivateKey {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func serial(t testing.TB) *big.Int {
	t.Helper()
	n, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 62))
	if err != nil {
		t.Fatal(err)
	}
	return n
}
