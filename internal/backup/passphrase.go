package backup

import (
	"crypto/rand"
	_ "embed"
	"fmt"
	"math"
	"math/big"
	"strings"
	"unicode/utf8"

	"filippo.io/age"
	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// MinPassphrase is the shortest passphrase accepted, in characters.
const MinPassphrase = 10

//go:embed common.txt
var commonList string

var common = func() map[string]bool {
	m := map[string]bool{}
	for _, l := range strings.Split(commonList, "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			m[commonKey(l)] = true
		}
	}
	return m
}()

// commonKey folds what does not make a passphrase harder to guess: case,
// full-width letters, spaces.
func commonKey(s string) string {
	s = cases.Fold().String(norm.NFKC.String(s))
	return strings.Join(strings.Fields(s), "")
}

// CheckPassphrase refuses a passphrase shorter than MinPassphrase
// characters, one from the list of common ones, or one character
// repeated. The error says which, never what was typed.
func CheckPassphrase(p string) error {
	n := utf8.RuneCountInString(p)
	switch {
	case strings.TrimSpace(p) == "":
		return userErr(ErrWeakPassphrase, "pass_empty", "hint_pass_empty")
	case n < MinPassphrase:
		return userErr(ErrWeakPassphrase, "pass_too_short", "hint_pass_too_short", "Found", n, "Min", MinPassphrase)
	case common[commonKey(p)] || oneRune(commonKey(p)):
		return userErr(ErrWeakPassphrase, "pass_common", "hint_pass_common")
	}
	return nil
}

// CheckPassphrasePair is CheckPassphrase for a passphrase typed twice.
func CheckPassphrasePair(p, confirm string) error {
	if err := CheckPassphrase(p); err != nil {
		return err
	}
	if p != confirm {
		return userErr(ErrPassphrasesDiffer, "pass_mismatch", "hint_pass_mismatch")
	}
	return nil
}

func oneRune(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return strings.Trim(s, string(r)) == ""
}

// Kind is a style of generated passphrase.
type Kind int

// Generated passphrase styles: both are easy to write down and to type
// back on a Japanese keyboard.
const (
	Digits Kind = iota // five groups of four digits, "4831-0927-..." (66 bits)
	Kana               // ten ひらがな words from a list of 128, no separator (70 bits)
)

// Both styles give at least 64 bits, so the passphrase alone (not only
// scrypt's slowness) holds against offline guessing of a stolen file.
const (
	digitGroups = 5  // of four digits each
	kanaCount   = 10 // words; 6 gave only 42 bits
)

// Bits is the entropy of a generated passphrase of kind k. Words are
// joined without a separator; the list is prefix-free (tested), so every
// sequence of words gives a different string and the bits add up.
func (k Kind) Bits() float64 {
	if k == Kana {
		return kanaCount * math.Log2(float64(len(kanaWords)))
	}
	return digitGroups * math.Log2(10000)
}

// GeneratePassphrase makes a random passphrase with crypto/rand.
func GeneratePassphrase(k Kind) string {
	if k == Kana {
		var b strings.Builder
		for range kanaCount {
			b.WriteString(kanaWords[randN(len(kanaWords))])
		}
		return b.String()
	}
	groups := make([]string, digitGroups)
	for i := range groups {
		groups[i] = fmt.Sprintf("%04d", randN(10000))
	}
	return strings.Join(groups, "-")
}

func randN(n int) int {
	v, err := rand.Int(rand.Reader, big.NewInt(int64(n)))
	if err != nil {
		panic(err) // crypto/rand does not fail
	}
	return int(v.Int64())
}

// kanaWords are short, common ひらがな nouns without small kana, so they
// read and type back unambiguously.
var kanaWords = strings.Fields(`
あさひ あひる いちご いるか うさぎ うちわ えだまめ えほん おかし おにぎり
かえる かがみ かさ かぜ かばん かめ きつね きのこ きもの くじら
くつした くるま けいと こども こたつ こまち さかな さくら さとう しいたけ
しずく すいか すずめ すみれ そうじ そら たいこ たまご たぬき ちくわ
つばめ つくえ つみき てがみ てぶくろ とけい とまと とんぼ なすび なまず
にわとり ぬいぐるみ ねこ ねずみ のはら はかり はさみ はなび はやし ひかり
ひまわり ふうせん ふくろう ふじさん ふとん へちま ほたる ほたて まくら まつり
みかん みずうみ みなと むかし むぎわら めだか もみじ やかん やまびこ ゆかた
ゆきだるま ようかん よるがお らくだ りんご るすばん れんこん ろうそく わかめ わたあめ
あおぞら いなほ うみべ えんぴつ おもち かきごおり かたな きりん くもり けむり
こけし さつまいも しまうま すもう せんべい たけのこ たこあげ たんぽぽ つらら てるてる
ともだち なつやすみ にんじん ねぎ のりまき はくさい ひよこ ふうりん へいわ ほうき
まめ みそしる むしめがね めがね もちつき やまのぼり ゆうやけ よもぎ
`)

// Recipient is the age recipient for a passphrase checked with
// CheckPassphrase. workFactor 0 means age's default (2^18, about a second).
func Recipient(passphrase string, workFactor int) (age.Recipient, error) {
	r, err := age.NewScryptRecipient(passphrase)
	if err != nil {
		return nil, err
	}
	if workFactor > 0 {
		r.SetWorkFactor(workFactor)
	}
	return r, nil
}

// Identity is the age identity that opens a passphrase backup.
func Identity(passphrase string) (age.Identity, error) {
	if passphrase == "" {
		return nil, userErr(ErrWeakPassphrase, "pass_empty", "hint_pass_empty")
	}
	id, err := age.NewScryptIdentity(passphrase)
	if err != nil {
		return nil, err
	}
	// 2^20 needs 1 GiB of memory; a file asking more is refused as damaged
	// rather than stalling the PC. We and the age command write 2^18.
	id.SetMaxWorkFactor(maxWorkFactor)
	return id, nil
}

const maxWorkFactor = 20
