package update

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"
)

// Limits bound a check, so that no network, a hung server or an endless
// answer cost at most Timeout and a few kilobytes.
type Limits struct {
	Timeout  time.Duration // one request, connect to last byte
	MaxFeed  int64         // bytes of feed.json
	MaxSig   int64         // bytes of feed.json.minisig
	Download time.Duration // one download, connect to last byte
}

// DefaultLimits are generous for a real feed (a few kilobytes).
var DefaultLimits = Limits{Timeout: 20 * time.Second, MaxFeed: 64 << 10, MaxSig: 4 << 10, Download: 30 * time.Minute}

// NewClient returns the HTTP client for the feed and downloads: TLS 1.2
// or later against roots (nil: the system's), the proxy from the
// environment, every phase bounded by timeout, and no redirect away from
// HTTPS.
func NewClient(roots *x509.CertPool, timeout time.Duration) *http.Client {
	dialer := &net.Dialer{Timeout: timeout}
	return &http.Client{
		Timeout: timeout,
		Transport: &http.Transport{
			Proxy:                  http.ProxyFromEnvironment,
			DialContext:            dialer.DialContext,
			TLSClientConfig:        &tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS12},
			TLSHandshakeTimeout:    timeout,
			ResponseHeaderTimeout:  timeout,
			MaxResponseHeaderBytes: 64 << 10,
		},
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if req.URL.Scheme != "https" {
				return fail(ErrNotHTTPS, "not_https", "hint_try_later", "URL", req.URL.String())
			}
			if len(via) >= 5 {
				return errors.New("update: too many redirects")
			}
			return nil
		},
	}
}

// get opens url; the caller closes the body. Every failure to get an
// answer is ErrUnreachable, told quietly.
func get(ctx context.Context, c *http.Client, url string) (*http.Response, error) {
	if !isHTTPS(url) {
		return nil, fail(ErrNotHTTPS, "not_https", "hint_try_later", "URL", url)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, failCause(ErrUnreachable, err, "unreachable", "hint_try_later")
	}
	resp, err := c.Do(req)
	if err != nil {
		if errors.Is(err, ErrNotHTTPS) {
			return nil, err
		}
		return nil, failCause(ErrUnreachable, err, "unreachable", "hint_try_later")
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		return nil, failCause(ErrUnreachable, fmt.Errorf("HTTP %s", resp.Status), "unreachable", "hint_try_later")
	}
	return resp, nil
}

// fetch reads url's whole answer, at most max bytes.
func fetch(ctx context.Context, c *http.Client, url string, max int64) ([]byte, error) {
	resp, err := get(ctx, c, url)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.ContentLength > max {
		return nil, fail(ErrTooLarge, "too_large", "hint_try_later")
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, max+1))
	if err != nil {
		return nil, failCause(ErrUnreachable, err, "unreachable", "hint_try_later")
	}
	if int64(len(b)) > max {
		return nil, fail(ErrTooLarge, "too_large", "hint_try_later")
	}
	return b, nil
}
