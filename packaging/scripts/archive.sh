#!/usr/bin/env bash
# archive.sh TARGET BINARY OUT_DIR: the release archive of TARGET's binary, with the README and
# LICENSE: statuslint-VERSION-TARGET.tar.gz (.zip on Windows), and its SHA-256 in a .sha256 file
# (`sha256sum -c` reads it).
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
[ $# = 3 ] || die "usage: archive.sh TARGET BINARY OUT_DIR"
target=$1 binary=$2 out=$3
[ -f "$binary" ] || die "no binary at $binary"
name=statuslint-$(version)-$target
work=$(mktemp -d "${TMPDIR:-/tmp}/statuslint-archive.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/$name" "$out"
out=$(cd "$out" && pwd)
cp "$binary" "$REPO/README.md" "$REPO/LICENSE" "$work/$name/"
case $target in
*-windows-*)
    file=$name.zip
    (cd "$work" && 7z a -bd -tzip "$out/$file" "$name" >/dev/null)
    ;;
*)
    file=$name.tar.gz
    tar -C "$work" -czf "$out/$file" "$name"
    ;;
esac
(cd "$out" && if command -v sha256sum >/dev/null; then sha256sum "$file"; else shasum -a 256 "$file"; fi >"$file.sha256")
echo "archive: $out/$file ($(du -k "$out/$file" | cut -f1) KB), $(cut -d' ' -f1 "$out/$file.sha256")"
