// Package importplan is the one use case behind 「ほかのアプリから移す」 in
// the window and `omamori import FILE` on the command line: read another
// authenticator's export file (internal/importfile), compare it with the
// account store, show what will happen, then add it all or nothing.
//
// It goes through restore's plan and apply (backup.MakePlan,
// backup.ApplyContext), so an import gets the same clash renames,
// same-secret skips and all-or-nothing write as a restore. Secrets stay in
// memory; each raw secret is wiped once the plan holds it.
package importplan

import (
	"context"
	"embed"
	"encoding/base32"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/omamori-app/omamori/internal/accounts"
	"github.com/omamori-app/omamori/internal/backup"
	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/importfile"
	"github.com/omamori-app/omamori/internal/newaccount"
	"github.com/omamori-app/omamori/internal/profile"
	"github.com/omamori-app/omamori/internal/screenqr"
)

//go:embed locales
var localesFS embed.FS

var cat = i18n.MustCatalog("importplan", localesFS)

// Preview is what an import would do; nothing has changed yet. The
// caller may change a renamed step's Name before Apply.
type Preview struct {
	Format  importfile.Format
	Plan    backup.Plan
	Skipped []importfile.Skipped // entries Omamori cannot use, each with its reason
}

// Count returns how many accounts would be added (or put back) and how
// many are skipped: already here, or unusable.
func (p Preview) Count() (add, skip int) {
	add, skip = p.Plan.Count()
	return add, skip + len(p.Skipped)
}

// Total is how many entries the file holds.
func (p Preview) Total() int { return len(p.Plan.Steps) + len(p.Skipped) }

// ReadFile reads path, refusing before reading it all a file larger than
// any export (importfile.Parse then says so in the user's words).
func ReadFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err == nil {
		defer f.Close()
		var b []byte
		if b, err = io.ReadAll(io.LimitReader(f, importfile.MaxFile+1)); err == nil {
			return b, nil
		}
	}
	return nil, i18n.NewError(cat.M("read_failed", "File", filepath.Base(path)), cat.M("hint_read_failed"), err)
}

// Prepare parses data and plans it against t. An encrypted file without
// opt.Password gives an error wrapping importfile.ErrNeedPassword: ask
// for the password and call Prepare again.
//
// data may also be a PNG or JPEG showing QR codes (a screenshot of Google
// Authenticator's transfer screen): its codes are read as a file of links.
func Prepare(t backup.Target, data []byte, opt importfile.Options) (Preview, error) {
	if screenqr.IsImage(data) {
		links, err := imageLinks(data)
		if err != nil {
			return Preview{}, err
		}
		data = links
	}
	res, err := importfile.Parse(data, opt)
	if err != nil {
		return Preview{}, err
	}
	plan, err := backup.MakePlan(t, document(res.Entries))
	if err != nil {
		return Preview{}, err
	}
	return Preview{Format: res.Format, Plan: plan, Skipped: res.Skipped}, nil
}

// Apply adds the preview's accounts, all or nothing, and returns them.
func Apply(ctx context.Context, t backup.Target, p Preview) ([]accounts.Account, error) {
	return backup.ApplyContext(ctx, t, p.Plan)
}

// document turns the entries into the document restore plans from,
// wiping each raw secret (the plan keeps the base32 text, in memory only,
// as a restore does).
func document(entries []newaccount.Details) backup.Document {
	var d backup.Document
	enc := base32.StdEncoding.WithPadding(base32.NoPadding)
	for _, en := range entries {
		d.Accounts = append(d.Accounts, backup.Item{
			Name: Name(en.Issuer, en.Account), Issuer: en.Issuer, Label: en.Account,
			Secret: enc.EncodeToString(en.Secret), Profile: en.Profile,
		})
		clear(en.Secret)
	}
	return d
}

// Name is the display name an imported account gets: the issuer and the
// account, as a customer would type them ("みずほ証券 三菱 太郎").
// MakePlan cuts it to a valid name ("" when both are empty).
func Name(issuer, account string) string {
	issuer, account = strings.TrimSpace(issuer), strings.TrimSpace(account)
	if issuer == "" || strings.EqualFold(issuer, account) {
		return account
	}
	if account == "" {
		return issuer
	}
	return issuer + " " + account
}

// SkippedName is how a skipped entry is named in a preview: "?" when the
// file gave it no name at all.
func SkippedName(k importfile.Skipped) string {
	if n := accounts.SanitizeText(Name(k.Issuer, k.Account)); n != "" {
		return n
	}
	return "?"
}

// ByIssuer finds the profile for an imported entry's issuer, for the
// formats that carry no step (Google Authenticator's transfer codes): the
// profile whose name, issuer or label is the issuer, ignoring case and
// spaces around it. Profiles without TOTP parameters never match.
func ByIssuer(all []profile.Profile) func(issuer string) (profile.Profile, bool) {
	return func(issuer string) (profile.Profile, bool) {
		issuer = strings.TrimSpace(issuer)
		if issuer == "" {
			return profile.Profile{}, false
		}
		for _, p := range all {
			if !p.HasTOTP() {
				continue
			}
			for _, n := range []string{p.Name, p.Issuer, p.Label} {
				if strings.EqualFold(strings.TrimSpace(n), issuer) {
					return p, true
				}
			}
		}
		return profile.Profile{}, false
	}
}
