#!/usr/bin/env bash
# Go fixes that build: `handlers.go` holds mistakes in net/http (routed by chi), gin and echo
# handlers; `statuslint check --unsafe-fixes` is run on a copy, which must equal the committed
# `fixed.go`, be what gofmt leaves unchanged, and build (with the original) in GOPATH mode
# against Debian's packages, installed here when missing. fiber has no Debian package: its
# fixtures (tests/fixtures/go/fiber) are not built.
#
#   bash tests/compile/go/run.sh [STATUSLINT]     (default: a debug build of this checkout)
#
# No Go module proxy is used: the sources are the packages' (/usr/share/gocode). The files are
# built from a temporary GOPATH entry with a go.mod, so that imports of `echo/v4` and `chi/v5`
# resolve through Go's minimal module compatibility to the packages' unversioned folders.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../../.."
root=$PWD
bin=${1:-}
if [ -z "$bin" ]; then
    cargo build --locked --quiet
    bin=$root/target/debug/statuslint
fi
packages=(golang-go golang-github-gin-gonic-gin-dev golang-github-labstack-echo-dev
    golang-github-go-chi-chi-dev)
missing=()
for package in "${packages[@]}"; do
    dpkg -s "$package" > /dev/null 2>&1 || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    sudo=()
    [ "$(id -u)" = 0 ] || sudo=(sudo)
    "${sudo[@]}" apt-get update -qq
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" > /dev/null
fi
dir=tests/compile/go
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$dir/handlers.go" "$tmp/fixed.go"
# Exit 1 is fine here (a finding without a fix may remain); 2 is not.
status=0
"$bin" check --unsafe-fixes "$tmp/fixed.go" > "$tmp/out" || status=$?
if [ "$status" -gt 1 ]; then
    cat "$tmp/out"
    exit 1
fi
if ! diff -u "$dir/fixed.go" "$tmp/fixed.go"; then
    echo "error: $dir/fixed.go is not what the fixes give (diff above)" >&2
    exit 1
fi
unformatted=$(gofmt -l "$dir/handlers.go" "$tmp/fixed.go")
if [ -n "$unformatted" ]; then
    gofmt -d "$dir/handlers.go" "$tmp/fixed.go"
    echo "error: gofmt would change $unformatted (diff above)" >&2
    exit 1
fi
module=$tmp/gopath/src/statuslint.test/compile
mkdir -p "$module/handlers" "$module/fixed"
printf 'module statuslint.test/compile\n\ngo 1.19\n' > "$module/go.mod"
cp "$dir/handlers.go" "$module/handlers/"
cp "$tmp/fixed.go" "$module/fixed/"
start=$(date +%s)
(
    cd "$module"
    export GO111MODULE=off GOPATH="$tmp/gopath:/usr/share/gocode" GOFLAGS=
    go build ./handlers ./fixed
    go vet ./handlers ./fixed
)
echo "    built in $(($(date +%s) - start)) s"
