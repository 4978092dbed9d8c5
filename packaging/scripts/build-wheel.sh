#!/usr/bin/env bash
# build-wheel.sh TARGET OUT_DIR: the statuslint wheel for TARGET (maturin, `bindings = "bin"`:
# the binary in the wheel's scripts, no Python code), into OUT_DIR. Needs maturin on PATH
# (PyPI: maturin). STATUSLINT_WHEEL_ZIG=1 links Linux glibc wheels with zig for manylinux2014
# (the release does this, with ziglang from PyPI), so the wheel installs on glibc 2.17 and newer;
# without it the wheel's manylinux tag is the build machine's glibc.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
[ $# = 2 ] || die "usage: build-wheel.sh TARGET OUT_DIR"
target=$1 out=$2
command -v maturin >/dev/null || die "maturin is not on PATH (pip install maturin)"
args=(build --release --locked --out "$out")
[ "$target" = "$(host_target)" ] || args+=(--target "$target")
case $target in
*-linux-gnu) [ "${STATUSLINT_WHEEL_ZIG:-0}" = 1 ] && args+=(--zig --compatibility manylinux2014) ;;
*-linux-musl)
    command -v musl-gcc >/dev/null || die "musl-gcc is missing (apt-get install musl-tools)"
    export "CC_$(echo "$target" | tr '-' '_')"=musl-gcc
    ;;
esac
mkdir -p "$out"
(cd "$REPO/packaging/pypi" && maturin "${args[@]}")
ls "$out"/statuslint-"$(version)"-*.whl >/dev/null || die "maturin wrote no wheel into $out"
