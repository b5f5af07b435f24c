package main_test

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"time"

	"aead.dev/minisign"
	"github.com/rogpeppe/go-internal/testscript"

	"github.com/omamori-app/omamori/internal/update"
)

// feedServer is the script command
//
//	updatefeed VERSION [MODE]
//
// It starts a loopback HTTPS feed (httptest's certificate, handed to
// omamori as its only root) offering VERSION, signed by a key made for
// this script, and points the omamori runs that follow at it through
// the test-only variables of updatefeed_test.go. MODE makes it misbehave:
// "other-key" (signed by another key), "expired", "hung" (never answers).
func feedServer(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 1 || len(args) > 2 {
		ts.Fatalf("usage: updatefeed VERSION [other-key|expired|hung]")
	}
	mode := ""
	if len(args) == 2 {
		mode = args[1]
	}
	pub, priv, err := minisign.GenerateKey(rand.Reader)
	ts.Check(err)
	signer := priv
	if mode == "other-key" {
		_, signer, err = minisign.GenerateKey(rand.Reader)
		ts.Check(err)
	}
	release := make(chan struct{})
	var feed, sig []byte
	asset := []byte("pretend installer " + args[0])
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if mode == "hung" {
			select {
			case <-release:
			case <-r.Context().Done():
			}
			return
		}
		switch r.URL.Path {
		case "/feed.json":
			w.Write(feed)
		case "/feed.json.minisig":
			w.Write(sig)
		case "/Omamori-Setup.exe":
			w.Write(asset)
		default:
			http.NotFound(w, r)
		}
	}))
	ts.Defer(func() { close(release); srv.Close() })
	sum := sha256.Sum256(asset)
	f := update.Feed{
		Format: update.FeedFormat, Version: args[0], MinimumVersion: "0.1.0",
		Expires: time.Now().Add(30 * 24 * time.Hour).UTC().Truncate(time.Second),
		Notes:   update.Notes{JA: "テスト用の更新です。", EN: "A test update."},
		Platforms: map[string]update.Asset{update.Platform(): {
			URL: srv.URL + "/Omamori-Setup.exe", Size: int64(len(asset)), SHA256: hex.EncodeToString(sum[:]),
		}},
	}
	if mode == "expired" {
		f.Expires = time.Date(2026, 1, 31, 0, 0, 0, 0, time.UTC)
	}
	feed, err = json.Marshal(f)
	ts.Check(err)
	sig = update.Sign(feed, signer, "omamori feed "+args[0])
	ca := filepath.Join(ts.Getenv("WORK"), "feed-ca.pem")
	ts.Check(os.WriteFile(ca, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}), 0o600))
	ts.Setenv("OMAMORI_TEST_UPDATE_FEED", srv.URL+"/feed.json")
	ts.Setenv("OMAMORI_TEST_UPDATE_KEY", pub.String())
	ts.Setenv("OMAMORI_TEST_UPDATE_CA", ca)
}
