package profile_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/omamori-app/omamori/internal/accounts"
	"github.com/omamori-app/omamori/internal/accounts/accountstest"
	"github.com/omamori-app/omamori/internal/config"
	"github.com/omamori-app/omamori/internal/profile"
)

// oldAccounts is accounts.json as Omamori wrote it before brokers: each
// account keeps a copy of its profile's TOTP parameters, with its name.
const oldAccounts = `{
  "version": 1,
  "accounts": [
    {"id": "0123456789abcdef0123456789abcdef", "name": "三菱 太郎",
     "profile": {"name": "smart-otp", "label": "Smart OTP", "encoding": "base32", "length": 32, "digits": 6, "period": 60, "algorithm": "SHA1"},
     "created": "2026-11-01T09:00:00Z"},
    {"id": "fedcba9876543210fedcba9876543210", "name": "Mizuho", "issuer": "Mizuho",
     "profile": {"name": "otpauth", "label": "otpauth", "encoding": "base32", "length": 0, "digits": 6, "period": 30, "algorithm": "SHA1"},
     "created": "2026-11-02T09:00:00Z"}
  ]
}`

// Accounts enrolled before brokers existed refer to their profile by its
// name: the broker's facts, and facts a policy adds later, reach them
// without rewriting accounts.json, which is read as it is.
func TestOldAccountsReachTheirBroker(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, config.Accounts), []byte(oldAccounts), 0o600); err != nil {
		t.Fatal(err)
	}
	store, err := accounts.Open(dir, accountstest.NewSecrets())
	if err != nil {
		t.Fatal(err)
	}
	entries, err := store.List()
	if err != nil || len(entries) != 2 {
		t.Fatalf("old accounts.json: %v, %v", entries, err)
	}
	taro, mizuho := entries[0], entries[1]
	if taro.Profile != profile.SmartOTP {
		t.Errorf("stored parameters changed: %+v", taro.Profile)
	}
	set := profile.Builtin()
	if b, ok := set.Broker(taro.Profile.Name); !ok || !b.OneDevice() || b.OTPReset.Phone == "" {
		t.Errorf("old Smart OTP account has no broker: %+v", b)
	}
	if _, ok := set.Broker(mizuho.Profile.Name); ok {
		t.Error("an otpauth account got a broker")
	}
	policy := filepath.Join(t.TempDir(), "profiles.json")
	os.WriteFile(policy, []byte(`{"version": 1, "profiles": [{"name": "smart-otp", "broker": {"origins": ["trade.example.co.jp"], "login_url": "https://trade.example.co.jp/"}}]}`), 0o600)
	set, err = profile.LoadWithPolicy("", policy)
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := set.Broker(taro.Profile.Name); b.LoginHost() != "trade.example.co.jp" {
		t.Errorf("a policy's page did not reach the old account: %+v", b)
	}
	b, _ := os.ReadFile(filepath.Join(dir, config.Accounts))
	if string(b) != oldAccounts {
		t.Error("reading rewrote accounts.json")
	}
}
