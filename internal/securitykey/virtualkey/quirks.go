package virtualkey

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"math/big"
	"slices"
	"strings"
	"time"
)

// Quirks make the key behave like real keys that differ from the
// default (a CTAP 2.0 key with the 2.1 credential-management preview).
// The zero value is the default key. The virtual key speaks PIN
// protocol 1 only in every variant, as many such keys do.
type Quirks struct {
	// NoCredMgmt: credential management (0x41 and 0x0A) answers
	// CTAP1_ERR_INVALID_COMMAND and getInfo lists neither credMgmt nor
	// credentialMgmtPreview.
	NoCredMgmt bool
	// IgnoreCancel: a CTAPHID_CANCEL (or a cancelled context) does not
	// end a wait for touch; the request completes, times out or is
	// refused as if no cancel had come. Only unplugging ends it.
	IgnoreCancel bool
	// NoSoftBlock: no PIN_AUTH_BLOCKED after three wrong PINs in a row;
	// every wrong PIN answers PIN_INVALID until the retries reach 0,
	// then PIN_BLOCKED.
	NoSoftBlock bool
	// FIDO20Only: getInfo lists only FIDO_2_0, the options
	// a CTAP 2.0 key reports (no credential management, so NoCredMgmt
	// too) and no firmware version; makeCredential gives "packed"
	// attestation with an x5c certificate chain instead of self
	// attestation.
	FIDO20Only bool
	// AllResident: every credential is stored on the key (as if rk were
	// true), as some keys do, so it shows up among the passkeys and
	// takes a slot.
	AllResident bool
	// NoHMACSecret: no hmac-secret extension (hmac.go), as on many older
	// keys: getInfo lists no extensions, makeCredential and getAssertion
	// ignore it. Such a key cannot protect a backup.
	NoHMACSecret bool
}

// QuirkNames are the names ParseQuirks accepts, in Quirks' field order.
var QuirkNames = []string{"nocredmgmt", "ignorecancel", "nosoftblock", "fido20", "allresident", "nohmacsecret"}

// ParseQuirks reads a comma-separated list of QuirkNames ("" is none),
// as test rigs take it from a flag or an environment variable.
func ParseQuirks(s string) (Quirks, error) {
	var q Quirks
	for _, name := range strings.Split(s, ",") {
		switch strings.ToLower(strings.TrimSpace(name)) {
		case "":
		case "nocredmgmt":
			q.NoCredMgmt = true
		case "ignorecancel":
			q.IgnoreCancel = true
		case "nosoftblock":
			q.NoSoftBlock = true
		case "fido20":
			q.FIDO20Only = true
		case "allresident":
			q.AllResident = true
		case "nohmacsecret":
			q.NoHMACSecret = true
		default:
			return Quirks{}, fmt.Errorf("virtual key: unknown quirk %q (known: %s)", name, strings.Join(QuirkNames, ", "))
		}
	}
	return q, nil
}

// String is the quirks as ParseQuirks reads them ("" for none).
func (q Quirks) String() string {
	var out []string
	for i, on := range []bool{q.NoCredMgmt, q.IgnoreCancel, q.NoSoftBlock, q.FIDO20Only, q.AllResident, q.NoHMACSecret} {
		if on {
			out = append(out, QuirkNames[i])
		}
	}
	return strings.Join(out, ",")
}

func (q Quirks) credMgmt() bool { return !q.NoCredMgmt && !q.FIDO20Only }

func (k *Key) getInfo() any {
	q := k.opts.Quirks
	opts := map[string]bool{
		"rk":        true,
		"up":        true,
		"plat":      false,
		"clientPin": k.state.PINHash != nil,
	}
	if q.credMgmt() {
		opts["credentialMgmtPreview"] = true
		opts["credMgmt"] = true
	}
	info := map[int]any{
		1:  []string{"FIDO_2_0", "FIDO_2_1_PRE"},
		3:  k.opts.AAGUID[:],
		4:  opts,
		5:  maxMsgSize,
		6:  []int{1},
		7:  maxCredsInList,
		8:  maxCredIDLen,
		9:  k.transports(),
		10: []map[string]any{{"alg": algES256, "type": "public-key"}},
		14: firmwareVersion,
	}
	if ext := k.extensions(); ext != nil {
		info[2] = ext
	}
	if q.FIDO20Only {
		// What a CTAP 2.0 key answers: no 2.1 fields at all.
		info[1] = []string{"FIDO_2_0"}
		for _, f := range []int{7, 8, 9, 10, 14} {
			delete(info, f)
		}
	}
	return info
}

// attestation is the "packed" attestation statement for authData: self
// attestation, or with FIDO20Only a batch key and its certificate.
func (k *Key) attestation(cred *ecdsa.PrivateKey, authData, cdh []byte) (map[string]any, error) {
	if !k.opts.Quirks.FIDO20Only {
		sig, err := sign(k, cred, authData, cdh)
		return map[string]any{"alg": algES256, "sig": sig}, err
	}
	if err := k.ensureAttestationCert(); err != nil {
		return nil, err
	}
	sig, err := sign(k, k.attKey, authData, cdh)
	if err != nil {
		return nil, err
	}
	return map[string]any{"alg": algES256, "sig": sig, "x5c": [][]byte{slices.Clone(k.attCert)}}, nil
}

// ensureAttestationCert makes the key's attestation key and a
// self-signed certificate for it, once (made lazily: most tests never
// need one).
func (k *Key) ensureAttestationCert() error {
	if k.attCert != nil {
		return nil
	}
	priv, err := ecdsa.GenerateKey(elliptic.P256(), k.opts.Rand)
	if err != nil {
		return err
	}
	now := k.opts.Now()
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject: pkix.Name{
			Country: []string{"JP"}, Organization: []string{"Omamori virtual key"},
			OrganizationalUnit: []string{"Authenticator Attestation"}, CommonName: "Omamori virtual key attestation",
		},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.AddDate(20, 0, 0),
		BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(k.opts.Rand, tmpl, tmpl, &priv.PublicKey, priv)
	if err != nil {
		return err
	}
	k.attKey, k.attCert = priv, der
	return nil
}

// FailNextPINExchange makes the next setPIN or changePIN answer
// CTAP2_ERR_PIN_AUTH_INVALID without looking at it, as a key does when
// the exchange was garbled on the way (or with a platform it
// disagrees with). Nothing changes on the key and no retry is used.
func (k *Key) FailNextPINExchange() { k.failPINAuth.Store(true) }
