#!/usr/bin/env bash
# build-sdist.sh OUT_DIR: the source distribution of the statuslint wheel (maturin sdist), which
# pip builds with cargo on a platform that has no wheel.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
[ $# = 1 ] || die "usage: build-sdist.sh OUT_DIR"
out=$1
mkdir -p "$out"
out=$(cd "$out" && pwd)
(cd "$REPO/packaging/pypi" && maturin sdist --out "$out")
ls "$out"/statuslint-"$(version)".tar.gz >/dev/null || die "maturin wrote no sdist into $out"
