#!/usr/bin/env bash
# copy-button-y.sh SHOT.png [X]: prints the y of the first row's Copy button in a
# screenshot of Omamori's main window (520 wide): the first pixel below the
# search row, in the Copy buttons' column X (435), drawn in the primary colour
# that 「アカウントを追加」 has at (14,14). A banner above the list (the backup
# reminder, a repair notice) moves the rows, so no fixed point will do.
set -eu
shot=$1 x=${2:-435}
primary=$(convert "$shot" -format '%[pixel:p{14,14}]' info:)
convert "$shot" -crop "1x470+$x+90" +repage txt:- |
	awk -v p="$primary" 'NR > 1 && $NF == p { split($1, a, "[,:]"); print 90 + a[2] + 8; found = 1; exit }
		END { if (!found) exit 1 }'
