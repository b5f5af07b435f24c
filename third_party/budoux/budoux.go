// Package budoux holds BudouX's Japanese phrase model (ja.json, Apache-2.0,
// unmodified; see README.md) for internal/japhrase. go:embed reaches only
// files under the embedding package's folder, so the model is embedded
// here, beside its licence, and nowhere else.
package budoux

import _ "embed"

// JapaneseModel is budoux/models/ja.json as published.
//
//go:embed ja.json
var JapaneseModel []byte

// JapaneseQuality is BudouX's own quality test set (tests/quality/ja.tsv):
// sentences with the expected phrase boundaries marked by "▁".
//
//go:embed quality_ja.tsv
var JapaneseQuality []byte
