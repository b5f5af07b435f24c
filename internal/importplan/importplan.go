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
func Prepare(t backup.Target, data []byte, opt importfile.Options) (Preview, error) {
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
