package importfile

import (
	"crypto/aes"
	"crypto/cipher"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"

	"golang.org/x/crypto/scrypt"

	"github.com/omamori-app/omamori/internal/i18n"
)

// An Aegis vault (Aegis's docs/vault.md): {"version":1,"header":{...},"db":...}
// where db is the content object, or, when the header has slots, the
// base64 of that object sealed with AES-256-GCM under a master key. Each
// password slot (type 1) holds the master key sealed under scrypt(password).

type aegisVault struct {
	Version int `json:"version"`
	Header  struct {
		Slots  []aegisSlot `json:"slots"`
		Params *aegisGCM   `json:"params"`
	} `json:"header"`
	DB json.RawMessage `json:"db"`
}

type aegisSlot struct {
	Type      int      `json:"type"`
	Key       string   `json:"key"`
	KeyParams aegisGCM `json:"key_params"`
	N         int      `json:"n"`
	R         int      `json:"r"`
	P         int      `json:"p"`
	Salt      string   `json:"salt"`
}

type aegisGCM struct {
	Nonce string `json:"nonce"`
	Tag   string `json:"tag"`
}

type aegisDB struct {
	Entries []struct {
		Type   string `json:"type"`
		Name   string `json:"name"`
		Issuer string `json:"issuer"`
		Info   struct {
			Secret string `json:"secret"`
			Algo   string `json:"algo"`
			Digits int    `json:"digits"`
			Period int    `json:"period"`
		} `json:"info"`
	} `json:"entries"`
}

func parseAegis(data []byte, opt Options) (Result, error) {
	var v aegisVault
	if json.Unmarshal(data, &v) != nil || v.Version != 1 {
		return Result{}, malformed(Aegis)
	}
	content := []byte(v.DB)
	if v.Header.Params != nil || len(v.Header.Slots) > 0 {
		var err error
		if content, err = aegisOpen(v, opt.Password); err != nil {
			return Result{}, err
		}
	}
	var db aegisDB
	if json.Unmarshal(content, &db) != nil {
		return Result{}, malformed(Aegis)
	}
	var r Result
	for _, e := range db.Entries {
		r.add(fields{Type: e.Type, Issuer: e.Issuer, Account: e.Name, Secret: e.Info.Secret,
			Algorithm: e.Info.Algo, Digits: e.Info.Digits, Period: e.Info.Period})
	}
	return r, nil
}

// aegisOpen finds the master key with the password and opens db.
func aegisOpen(v aegisVault, password []byte) ([]byte, error) {
	if len(password) == 0 {
		return nil, i18n.NewError(cat.M("need_password", "Format", "Aegis"), cat.M("hint_password"), ErrNeedPassword)
	}
	var s string
	if json.Unmarshal(v.DB, &s) != nil || v.Header.Params == nil {
		return nil, malformed(Aegis)
	}
	sealed, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return nil, malformed(Aegis)
	}
	tried := false
	for _, sl := range v.Header.Slots {
		if sl.Type != 1 {
			continue // raw and biometric slots need the phone's keystore
		}
		if !scryptOK(sl.N, sl.R, sl.P) {
			return nil, malformed(Aegis)
		}
		tried = true
		salt, err := hex.DecodeString(sl.Salt)
		if err != nil {
			return nil, malformed(Aegis)
		}
		kek, err := scrypt.Key(password, salt, sl.N, sl.R, sl.P, 32)
		if err != nil {
			return nil, malformed(Aegis)
		}
		wrapped, err := hex.DecodeString(sl.Key)
		if err != nil {
			return nil, malformed(Aegis)
		}
		key, err := gcmOpen(kek, sl.KeyParams, wrapped)
		if err != nil {
			continue // another password slot may match
		}
		content, err := gcmOpen(key, *v.Header.Params, sealed)
		if err != nil {
			return nil, malformed(Aegis) // the right key and a broken db
		}
		return content, nil
	}
	if !tried {
		return nil, i18n.NewError(cat.M("no_password_slot"), cat.M("hint_export_plain"), ErrMalformed)
	}
	return nil, i18n.NewError(cat.M("wrong_password"), cat.M("hint_password"), ErrWrongPassword)
}

// scryptMaxNR bounds the memory a file may ask scrypt for (128·N·r bytes):
// Aegis uses N=2^15, r=8 (32 MiB); 8 times that still opens, and a crafted
// file cannot ask for gigabytes. A variable so the fuzz test can lower it.
var scryptMaxNR = 1 << 21

// scryptOK checks a slot's scrypt parameters against the bounds.
func scryptOK(n, r, p int) bool {
	return n > 1 && n&(n-1) == 0 && r > 0 && r <= 32 && p > 0 && p <= 16 &&
		n <= scryptMaxNR && n*r <= scryptMaxNR && n*r*p <= 4*scryptMaxNR
}

// gcmOpen opens ct with AES-GCM and the hex nonce and tag.
func gcmOpen(key []byte, prm aegisGCM, ct []byte) ([]byte, error) {
	nonce, err1 := hex.DecodeString(prm.Nonce)
	tag, err2 := hex.DecodeString(prm.Tag)
	if err1 != nil || err2 != nil || len(nonce) != 12 || len(tag) != 16 {
		return nil, ErrMalformed
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	g, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return g.Open(nil, nonce, append(ct[:len(ct):len(ct)], tag...), nil)
}
