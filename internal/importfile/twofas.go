package importfile

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/pbkdf2"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"strings"

	"github.com/omamori-app/omamori/internal/i18n"
)

// A 2FAS backup (.2fas): {"schemaVersion":4,"services":[...]} or, encrypted,
// "servicesEncrypted":"BASE64(ciphertext+tag):BASE64(salt):BASE64(iv)" with
// the services array sealed by AES-256-GCM under
// PBKDF2-HMAC-SHA256(password, salt, 10000 iterations), as 2FAS writes it
// and Aegis's importer reads it.

type twoFASFile struct {
	SchemaVersion     int             `json:"schemaVersion"`
	Services          []twoFASService `json:"services"`
	ServicesEncrypted string          `json:"servicesEncrypted"`
}

type twoFASService struct {
	Name   string `json:"name"`
	Secret string `json:"secret"`
	OTP    struct {
		Account   string `json:"account"`
		Issuer    string `json:"issuer"`
		Digits    int    `json:"digits"`
		Period    int    `json:"period"`
		Algorithm string `json:"algorithm"`
		TokenType string `json:"tokenType"`
	} `json:"otp"`
}

const twoFASIterations = 10000

func parse2FAS(data []byte, opt Options) (Result, error) {
	var f twoFASFile
	if json.Unmarshal(data, &f) != nil {
		return Result{}, malformed(TwoFAS)
	}
	services := f.Services
	if f.ServicesEncrypted != "" {
		plain, err := open2FAS(f.ServicesEncrypted, opt.Password)
		if err != nil {
			return Result{}, err
		}
		if json.Unmarshal(plain, &services) != nil {
			return Result{}, malformed(TwoFAS)
		}
	}
	var r Result
	for _, s := range services {
		typ := s.OTP.TokenType
		if typ == "" {
			typ = "totp" // schema 1 had TOTP only
		}
		iss := s.Name
		if iss == "" {
			iss = s.OTP.Issuer
		}
		r.add(fields{Type: typ, Issuer: iss, Account: s.OTP.Account, Secret: s.Secret,
			Algorithm: s.OTP.Algorithm, Digits: s.OTP.Digits, Period: s.OTP.Period})
	}
	return r, nil
}

func open2FAS(enc string, password []byte) ([]byte, error) {
	if len(password) == 0 {
		return nil, i18n.NewError(cat.M("need_password", "Format", "2FAS"), cat.M("hint_password"), ErrNeedPassword)
	}
	parts := strings.Split(enc, ":")
	if len(parts) < 3 {
		return nil, malformed(TwoFAS)
	}
	var b [3][]byte
	for i := range b {
		var err error
		if b[i], err = base64.StdEncoding.DecodeString(parts[i]); err != nil {
			return nil, malformed(TwoFAS)
		}
	}
	data, salt, iv := b[0], b[1], b[2]
	if len(iv) != 12 || len(salt) == 0 {
		return nil, malformed(TwoFAS)
	}
	key, err := pbkdf2.Key(sha256.New, string(password), salt, twoFASIterations, 32)
	if err != nil {
		return nil, malformed(TwoFAS)
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, malformed(TwoFAS)
	}
	g, err := cipher.NewGCM(block)
	if err != nil {
		return nil, malformed(TwoFAS)
	}
	plain, err := g.Open(nil, iv, data, nil)
	if err != nil {
		return nil, i18n.NewError(cat.M("wrong_password"), cat.M("hint_password"), ErrWrongPassword)
	}
	return plain, nil
}
