#!/usr/bin/env bash
# build-vsix.sh TARGET BINARY OUT_DIR: the VS Code extension for TARGET's platform (vsce package
# --target linux-x64, alpine-arm64, darwin-arm64, win32-x64, ...) with BINARY as its bundled server,
# written to OUT_DIR. Needs Node 22+ and `npm ci` done in editors/vscode (packaging/scripts/setup.sh).
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
[ $# = 3 ] || die "usage: build-vsix.sh TARGET BINARY OUT_DIR"
target=$1 binary=$2 out=$3
case $target in
x86_64-unknown-linux-gnu) vsce=linux-x64 ;;
aarch64-unknown-linux-gnu) vsce=linux-arm64 ;;
x86_64-unknown-linux-musl) vsce=alpine-x64 ;;
aarch64-unknown-linux-musl) vsce=alpine-arm64 ;;
x86_64-apple-darwin) vsce=darwin-x64 ;;
aarch64-apple-darwin) vsce=darwin-arm64 ;;
x86_64-pc-windows-msvc) vsce=win32-x64 ;;
*) die "no VS Code target for $target" ;;
esac
mkdir -p "$out"
out=$(cd "$out" && pwd)
binary=$(cd "$(dirname "$binary")" && pwd)/$(basename "$binary")
vsix=$out/statuslint-$vsce-$(version).vsix
(cd "$REPO/editors/vscode" && STATUSLINT_BIN=$binary STATUSLINT_VSCE_TARGET=$vsce npm run --silent package -- -o "$vsix")
[ -f "$vsix" ] || die "vsce wrote no $vsix"
echo "build-vsix: $vsix ($(du -k "$vsix" | cut -f1) KB)"
