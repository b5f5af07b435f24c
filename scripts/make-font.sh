#!/usr/bin/env bash
# Rebuilds the Noto Sans JP subset in assets/fonts from Debian's
# fonts-noto-cjk (face 0 of the collection, "Noto Sans CJK JP") with
# fonttools (Debian python3-fonttools). The subset keeps: ASCII, Latin-1,
# general punctuation, letterlike symbols, number forms, arrows, enclosed
# alphanumerics, box drawing, blocks, geometric shapes, miscellaneous
# symbols, CJK punctuation, kana (with the phonetic extensions), full- and
# half-width forms, every character of Windows code page 932, and every
# character of every message catalog (internal/*/locales, app/**/locales),
# so the app's own text never needs a system font (checked by
# app/omtheme's TestCatalogsRenderFromBundledFonts). Run it after adding a
# catalog string with a new character.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SRC=/usr/share/fonts/opentype/noto
for f in "$SRC/NotoSansCJK-Regular.ttc" "$SRC/NotoSansCJK-Bold.ttc"; do
	[ -f "$f" ] || { echo "make-font: $f is missing: apt-get install fonts-noto-cjk" >&2; exit 1; }
done
/usr/bin/python3 -c 'import fontTools' 2>/dev/null ||
	{ echo "make-font: fonttools is missing: apt-get install python3-fonttools" >&2; exit 1; }

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
cd "$ROOT"
/usr/bin/python3 - "$TMP/unicodes.txt" <<'PY'
import glob, json, sys
want = set()
for a, b in [(0x20, 0x7e), (0xa0, 0xff), (0x2000, 0x206f), (0x2100, 0x218f), (0x2190, 0x21ff),
             (0x2460, 0x24ff), (0x2500, 0x26ff), (0x3000, 0x30ff), (0x31f0, 0x31ff), (0xff00, 0xffef)]:
    want.update(range(a, b + 1))
for i in range(0x8140, 0xfcfd):  # every double-byte code of code page 932
    try:
        want.update(map(ord, bytes([i >> 8, i & 255]).decode("cp932")))
    except UnicodeDecodeError:
        pass
def walk(v):
    if isinstance(v, str):
        want.update(ord(c) for c in v if c >= " ")
    elif isinstance(v, dict):
        for x in v.values():
            walk(x)
    elif isinstance(v, list):
        for x in v:
            walk(x)
for f in sorted(glob.glob("internal/*/locales/*.json") + glob.glob("app/**/locales/*.json", recursive=True)):
    walk(json.load(open(f, encoding="utf-8")))
open(sys.argv[1], "w").write(",".join("U+%04X" % c for c in sorted(want)))
PY
for w in Regular Bold; do
	/usr/bin/python3 -m fontTools.subset "$SRC/NotoSansCJK-$w.ttc" --font-number=0 --no-hinting \
		--unicodes-file="$TMP/unicodes.txt" --output-file="assets/fonts/NotoSansJP-$w.otf"
	echo "assets/fonts/NotoSansJP-$w.otf: $(stat -c %s "assets/fonts/NotoSansJP-$w.otf") bytes"
done
