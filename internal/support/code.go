package support

import (
	"fmt"
	"hash/crc32"
	"strings"
)

var osDigit = map[string]int{"windows": 1, "darwin": 2, "linux": 3}

// SupportCode is eight digits in two groups, "1310-0475": OS, keyring,
// accounts (9 = nine or more), accounts needing re-enrolment, clock, two
// digits of the version's checksum, and a Damm check digit that catches
// any single misheard digit and any swap of neighbours.
//
// Digits, because a customer reads them aloud with no doubt in Japanese
// (いち, に, さん, よん, ご, ろく, なな, はち, きゅう, ぜろ) and in English,
// where letters such as B/D/P/E are misheard on a phone line.
func SupportCode(f Facts) string {
	d := []int{
		osDigit[f.OS],
		int(f.Keyring) % 10,
		min(max(f.Accounts, 0), 9),
		min(max(f.Reenrol, 0), 9),
		int(f.Clock) % 10,
		VersionDigits(f.Version) / 10,
		VersionDigits(f.Version) % 10,
	}
	d = append(d, damm(d))
	var b strings.Builder
	for i, x := range d {
		if i == 4 {
			b.WriteByte('-')
		}
		b.WriteByte(byte('0' + x))
	}
	return b.String()
}

// VersionDigits is 00..99 from the version string, for the help desk to
// match against the versions it knows.
func VersionDigits(v string) int { return int(crc32.ChecksumIEEE([]byte(v)) % 100) }

// Decoded is what a support code says.
type Decoded struct {
	OS                string
	Keyring           KeyringStatus
	Accounts, Reenrol int
	Clock             ClockStatus
	VersionDigits     int
}

// Decode reads a support code as the help desk heard it (spaces and
// hyphens anywhere); it fails when the check digit does not match.
func Decode(code string) (Decoded, error) {
	var d []int
	for _, r := range code {
		switch {
		case r >= '0' && r <= '9':
			d = append(d, int(r-'0'))
		case r >= '０' && r <= '９':
			d = append(d, int(r-'０'))
		case r == '-' || r == ' ' || r == 'ー' || r == '－':
		default:
			return Decoded{}, fmt.Errorf("support code: unexpected %q", r)
		}
	}
	if len(d) != 8 {
		return Decoded{}, fmt.Errorf("support code: %d digits, want 8", len(d))
	}
	if damm(d) != 0 {
		return Decoded{}, fmt.Errorf("support code: check digit does not match; ask the customer to read it again")
	}
	var os string
	for k, v := range osDigit {
		if v == d[0] {
			os = k
		}
	}
	return Decoded{OS: os, Keyring: KeyringStatus(d[1]), Accounts: d[2], Reenrol: d[3],
		Clock: ClockStatus(d[4]), VersionDigits: d[5]*10 + d[6]}, nil
}

// dammTable is the standard order-10 totally anti-symmetric quasigroup.
var dammTable = [10][10]int{
	{0, 3, 1, 7, 5, 9, 8, 6, 4, 2},
	{7, 0, 9, 2, 1, 5, 4, 8, 6, 3},
	{4, 2, 0, 6, 8, 7, 1, 3, 5, 9},
	{1, 7, 5, 0, 9, 8, 3, 4, 2, 6},
	{6, 1, 2, 3, 0, 4, 5, 9, 7, 8},
	{3, 6, 7, 4, 2, 0, 9, 5, 8, 1},
	{5, 8, 6, 9, 7, 2, 0, 1, 3, 4},
	{8, 9, 4, 5, 3, 6, 2, 0, 1, 7},
	{9, 4, 3, 8, 6, 1, 7, 2, 0, 5},
	{2, 5, 8, 1, 4, 3, 6, 7, 9, 0},
}

// damm is the Damm check digit of d; appending it makes damm(...) == 0.
func damm(d []int) int {
	i := 0
	for _, x := range d {
		i = dammTable[i][x]
	}
	return i
}
