#!/bin/sh
# Rebuilds files/*.pdf from sources/*.html with Debian's chromium.
# Run from anywhere; needs chromium and fonts-noto-cjk.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
for name in utm-setup-guide service-guide; do
	chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
		--user-data-dir="$profile" \
		--print-to-pdf="$here/files/$name.pdf" "$here/sources/$name.html" \
		2>"$profile/chromium.log" || { cat "$profile/chromium.log" >&2; exit 1; }
done
ls -l "$here/files"
