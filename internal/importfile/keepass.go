package importfile

import (
	"bytes"
	"encoding/csv"
	"encoding/xml"
	"net/url"
	"strconv"
	"strings"
)

// KeePassXC keeps a TOTP key in an entry's "otp" attribute (KeePassXC's
// src/core/Totp.cpp): an otpauth:// link, or KeeOtp's "key=…&size=…&step=…";
// older entries have "TOTP Seed" with "TOTP Settings" ("30;6", or "30;S" for
// Steam). Its CSV export writes every key as an otpauth:// link in the TOTP
// column (Steam ones with encoder=steam); its XML export (KeePass 2 XML,
// unencrypted) keeps the attributes as they are. Entries without a key are
// not authenticator entries and are left out silently; so are old versions
// (History) and the recycle bin.

func parseKeePassCSV(data []byte) (Result, error) {
	rd := csv.NewReader(bytes.NewReader(data))
	rd.FieldsPerRecord = -1
	rd.LazyQuotes = true
	rows, err := rd.ReadAll()
	if err != nil || len(rows) == 0 {
		return Result{}, malformed(KeePassCSV)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[strings.TrimSpace(strings.TrimPrefix(h, "\uFEFF"))] = i
	}
	get := func(row []string, name string) string {
		if i, ok := col[name]; ok && i < len(row) {
			return row[i]
		}
		return ""
	}
	var r Result
	for _, row := range rows[1:] {
		r.addKeePass(get(row, "Title"), get(row, "Username"), get(row, "TOTP"), "", "")
	}
	return r, nil
}

type keePassFile struct {
	Meta struct {
		RecycleBinUUID string `xml:"RecycleBinUUID"`
	} `xml:"Meta"`
	Root struct {
		Groups []keePassGroup `xml:"Group"`
	} `xml:"Root"`
}

type keePassGroup struct {
	UUID    string         `xml:"UUID"`
	Entries []keePassEntry `xml:"Entry"` // direct children only: History's are apart
	Groups  []keePassGroup `xml:"Group"`
}

type keePassEntry struct {
	Strings []struct {
		Key   string `xml:"Key"`
		Value string `xml:"Value"`
	} `xml:"String"`
}

func parseKeePassXML(data []byte) (Result, error) {
	var f keePassFile
	if xml.Unmarshal(data, &f) != nil {
		return Result{}, malformed(KeePassXML)
	}
	var r Result
	var walk func(gs []keePassGroup)
	walk = func(gs []keePassGroup) {
		for _, g := range gs {
			if g.UUID != "" && g.UUID == f.Meta.RecycleBinUUID {
				continue
			}
			for _, e := range g.Entries {
				a := map[string]string{}
				for _, s := range e.Strings {
					a[s.Key] = s.Value
				}
				r.addKeePass(a["Title"], a["UserName"], a["otp"], a["TOTP Seed"], a["TOTP Settings"])
			}
			walk(g.Groups)
		}
	}
	walk(f.Root.Groups)
	return r, nil
}

// addKeePass reads one entry's key in whichever form KeePassXC stored it.
func (r *Result) addKeePass(title, user, otp, seed, settings string) {
	otp, seed = strings.TrimSpace(otp), strings.TrimSpace(seed)
	switch {
	case strings.HasPrefix(strings.ToLower(otp), "otpauth:"):
		n := len(r.Entries)
		r.addURI(otp, user)
		if len(r.Entries) > n {
			e := &r.Entries[n]
			if e.Issuer == "" {
				e.Issuer = clean(title)
			}
			if e.Account == "none" && strings.TrimSpace(user) == "" {
				e.Account = "" // KeePassXC's link says "none" for no user name
			}
		}
	case otp != "":
		q, err := url.ParseQuery(otp)
		if err != nil || q.Get("key") == "" {
			r.Skipped = append(r.Skipped, Skipped{Issuer: short(title), Account: short(user), Reason: cat.M("skip_unreadable")})
			return
		}
		d, _ := strconv.Atoi(q.Get("size"))
		p, _ := strconv.Atoi(q.Get("step"))
		r.add(fields{Type: "totp", Issuer: title, Account: user, Secret: q.Get("key"),
			Algorithm: q.Get("otpHashMode"), Digits: d, Period: p})
	case seed != "":
		f := fields{Type: "totp", Issuer: title, Account: user, Secret: seed}
		if step, digits, ok := strings.Cut(settings, ";"); ok {
			if digits == "S" {
				f.Type = "steam"
			}
			var err1, err2 error
			f.Period, err1 = strconv.Atoi(step)
			if f.Type == "totp" {
				f.Digits, err2 = strconv.Atoi(digits)
			}
			if err1 != nil || err2 != nil || f.Period <= 0 || f.Digits < 0 {
				// A setting that cannot be read is skipped, not guessed.
				r.Skipped = append(r.Skipped, Skipped{Issuer: short(title), Account: short(user), Reason: cat.M("skip_unreadable")})
				return
			}
		}
		r.add(f)
	}
}
