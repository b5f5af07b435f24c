package profile

// The built-in brokers hold only facts we can cite: each one names its
// source, a file of the product brief's seeds (/work/shared/seeds in the
// project's workspace; the broker's own published documents). A fact the
// sources do not give stays empty — a policy file may complete it
// (docs/profiles.md) — because a guessed "official" page is exactly what
// a phishing site hopes for.

// smartOTPBroker is the broker whose PC token Smart OTP is.
// Source: seed 002_51e10f75cfe67b52.txt, the broker's
// 「ワンタイムパスワード(専用アプリ)設定ガイド」 (2025-11). The guide gives no
// web address, so no origin, page or RP ID is set here.
var smartOTPBroker = Broker{
	// seed 002, last line: 「三菱UFJモルガン・スタンレー証券」. The guide gives
	// no English name.
	Name: Text{JA: "三菱UFJモルガン・スタンレー証券"},
	// seed 002, ご注意 *1: 「1口座につき、パソコンまたはスマートフォンいずれか
	// 1端末のみとなります。」
	OTPDevices: 1,
	// seed 002, その他 (機種変更): 「ワンタイムパスワード（専用アプリ）の再設定を
	// ご希望の場合は、コールセンターまでご連絡ください。コールセンター
	// 0120-17-3234 4#（平日8:00-18:00）」
	OTPReset: Contact{
		Name:  Text{JA: "コールセンター", EN: "call centre"},
		Phone: "0120-17-3234 4#",
		Hours: Text{JA: "平日8:00-18:00", EN: "weekdays 8:00-18:00"},
	},
}

// ymsec is the broker of seed 000 (its passkey FAQ). The seed does not say
// how its one-time password is made, so the profile has no TOTP
// parameters: it describes the broker's passkeys, and no account can be
// enrolled with it until a policy adds them.
var ymsec = Profile{Name: "ymsec", Label: "ワイエム証券"}

// ymsecBroker: source seed 000_f9ebe0adfb403be7.txt, 「パスキー認証 よくある
// ご質問」 and 「お問い合わせ先」.
var ymsecBroker = Broker{
	// seed 000, Q4: 「ワイエム証券に生体情報が提供されますか」. No English name given.
	Name: Text{JA: "ワイエム証券"},
	// seed 000, Q2: 【…推奨環境確認】 https://www.ymsec.co.jp/ymdirect/passkey/
	Origins:    []string{"www.ymsec.co.jp"},
	PasskeyURL: "https://www.ymsec.co.jp/ymdirect/passkey/",
	// No RPIDs: seed 000 names the passkey page's address but not the RP
	// ID its passkeys are made for (the host, a parent domain such as
	// ymsec.co.jp, or another), and no page of the broker we can cite
	// does. A wrong RP ID would make 「確かめる」 say the passkey is missing
	// when it is there, so readiness counts nothing for this broker and
	// 「確かめる」 says it cannot tell, until a policy sets the RP ID.
	// seed 000, Q10: 「1つの口座に対して5つまでパスキーを登録できます。」
	MaxPasskeys: 5,
	// seed 000, お問い合わせ先: カスタマー・サポートセンター 0120-789902,
	// 9：00～19：00（土・日・祝日・年末年始を除く）
	PasskeyContact: Contact{
		Name:  Text{JA: "カスタマー・サポートセンター", EN: "Customer Support Center"},
		Phone: "0120-789902",
		Hours: Text{JA: "9:00～19:00（土・日・祝日・年末年始を除く）", EN: "9:00-19:00 (except Saturdays, Sundays, public holidays and the New Year holidays)"},
	},
}
