#!/bin/sh
# make-font.sh: rebuild assets/fonts/NotoSansJP-{Regular,Bold}.otf.
#
# Fyne needs one OpenType font per face, and its bundled font has no
# Japanese glyphs (kanji draw as boxes on Windows). We take the Japanese
# face (index 0, "Noto Sans CJK JP") out of Debian's fonts-noto-cjk
# collections and keep only what a Japanese desktop UI and customers'
# names need: ASCII and Latin-1, general punctuation and symbols, kana,
# full- and half-width forms, and every character of Windows code page
# 932 (JIS X 0208 level 1 and 2 kanji plus the NEC/IBM extensions such as
# 髙, 﨑, ①). Licence: SIL OFL 1.1, copied beside the fonts.
#
# Needs: fonts-noto-cjk, python3-fonttools (Debian).
set -eu
cd "$(dirname "$0")/.."
src=/usr/share/fonts/opentype/noto
out=assets/fonts
py=/usr/bin/python3
mkdir -p "$out"
chars=$(mktemp)
trap 'rm -f "$chars"' EXIT
"$py" - "$chars" <<'PY'
import sys
cs = set()
for lead in list(range(0x81, 0xA0)) + list(range(0xE0, 0xFD)):
    for trail in list(range(0x40, 0x7F)) + list(range(0x80, 0xFD)):
        try:
            cs.update(bytes([lead, trail]).decode("cp932"))
        except UnicodeDecodeError:
            pass
ranges = [(0x20, 0x7E), (0xA0, 0xFF), (0x2000, 0x206F), (0x2100, 0x21FF),
          (0x2460, 0x24FF), (0x2500, 0x25FF), (0x2600, 0x26FF), (0x3000, 0x30FF),
          (0x31F0, 0x31FF), (0xFF00, 0xFFEF)]
for a, b in ranges:
    cs.update(chr(c) for c in range(a, b + 1))
open(sys.argv[1], "w", encoding="utf-8").write("".join(sorted(cs)))
PY
for w in Regular Bold; do
	"$py" -m fontTools.subset "$src/NotoSansCJK-$w.ttc" --font-number=0 \
		--text-file="$chars" --layout-features='kern,palt,vert,liga,ccmp,locl' --no-hinting \
		--name-IDs='*' --output-file="$out/NotoSansJP-$w.otf"
done
"$py" - <<'PY'
# The OFL text, from Debian's copyright file (its lines start with a space; "." marks a blank line).
import re
t = open("/usr/share/doc/fonts-noto-cjk/copyright", encoding="utf-8").read()
body = t.split("License: SIL-1.1\n", 2)[2]
lines = []
for l in body.splitlines():
    if not l.startswith(" "):
        break
    l = l[1:]
    lines.append("" if l == "." else l)
from fontTools.ttLib import TTFont
name = TTFont("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", fontNumber=0)["name"]
hdr = "Noto Sans CJK JP: %s\n%s\n\n" % (name.getDebugName(0), name.getDebugName(7))
open("assets/fonts/OFL.txt", "w", encoding="utf-8").write(hdr + "\n".join(lines).rstrip() + "\n")
PY
ls -l "$out"
