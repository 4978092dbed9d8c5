#!/usr/bin/env bash
# setup.sh TARGET: the tools a release build of TARGET needs, from the package registries: the Rust
# target, musl-gcc for musl targets (apt), maturin (and ziglang for manylinux wheels) in the
# current Python, and the VS Code extension's build dependencies (npm ci, Node 22+).
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
[ $# = 1 ] || die "usage: setup.sh TARGET"
target=$1
MATURIN_VERSION=1.16.0
ZIG_VERSION=0.15.2
target_field "$target" package >/dev/null
rustup target add "$target"
case $target in
*-linux-musl)
    if ! command -v musl-gcc >/dev/null; then
        sudo=()
        [ "$(id -u)" = 0 ] || sudo=(sudo)
        "${sudo[@]}" apt-get update -qq
        "${sudo[@]}" apt-get install -y -qq --no-install-recommends musl-tools
    fi
    ;;
esac
tools=("maturin==$MATURIN_VERSION")
case $target in *-linux-gnu) [ "${STATUSLINT_WHEEL_ZIG:-0}" = 1 ] && tools+=("ziglang==$ZIG_VERSION") ;; esac
python -m pip install --quiet --disable-pip-version-check "${tools[@]}"
# npm ci only when the lock file changed since the last install (the marker tests/editors/run.sh keeps too).
(
    cd "$REPO/editors/vscode"
    if ! cmp -s package-lock.json node_modules/.statuslint-installed-lock.json 2>/dev/null; then
        npm ci --no-audit --no-fund --loglevel=error
        cp package-lock.json node_modules/.statuslint-installed-lock.json
    fi
)
echo "setup: ready to build $target"
