#!/usr/bin/env bash
# build-binary.sh TARGET OUT_DIR: the release statuslint for TARGET (a Rust target triple of
# packaging/npm/platforms.json), stripped, as OUT_DIR/statuslint (statuslint.exe on Windows).
# The release profile keeps line tables for profiling (55 MB on Linux x64); stripped it is 13 MB.
# musl targets link with musl-gcc (Debian/Ubuntu: musl-tools), for tree-sitter's C code.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
[ $# = 2 ] || die "usage: build-binary.sh TARGET OUT_DIR"
target=$1 out=$2
exe=$(target_field "$target" exe)
case $target in
*-linux-musl)
    command -v musl-gcc >/dev/null || die "musl-gcc is missing (apt-get install musl-tools)"
    cc_var=CC_$(echo "$target" | tr '-' '_')
    export "$cc_var"=musl-gcc
    ;;
esac
# shellcheck disable=SC2046 # no --target for the host: reuse target/release
(cd "$REPO" && cargo build --release --locked -p statuslint $(target_args "$target"))
mkdir -p "$out"
built=$(release_dir "$target")/$exe
[ -f "$built" ] || die "cargo wrote no $built"
case $target in
*-windows-*) cp "$built" "$out/$exe" ;; # MSVC keeps debug info in a .pdb beside it
*-apple-*) cp "$built" "$out/$exe" && strip -x "$out/$exe" ;;
*) strip --strip-all -o "$out/$exe" "$built" ;;
esac
chmod 755 "$out/$exe"
echo "build-binary: $out/$exe ($(du -k "$out/$exe" | cut -f1) KB, from $(du -k "$built" | cut -f1) KB)"
