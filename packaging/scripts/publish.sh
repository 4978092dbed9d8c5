#!/usr/bin/env bash
# publish.sh DIST_DIR TAG: publishes the release built into DIST_DIR (the artifacts of every
# target: archives/, wheels/, npm/, vsix/) on the tag TAG (vVERSION):
#   the GitHub release with the archives and their checksums (gh, GH_TOKEN);
#   the wheels and the sdist (maturin upload, MATURIN_PYPI_TOKEN);
#   the npm platform packages, then `statuslint` (npm publish, NODE_AUTH_TOKEN);
#   the VS Code extensions on the Marketplace (vsce, VSCE_PAT) and Open VSX (ovsx, OVSX_PAT).
# First it checks that the tag is this version and that every target's artifacts are there.
# DRY_RUN=1 checks and prints the commands without running them. STATUSLINT_TARGETS (space-separated
# target triples; default: every target of packaging/npm/platforms.json) says which to expect.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
[ $# = 2 ] || die "usage: publish.sh DIST_DIR TAG"
dist=$1 tag=$2
v=$(version)
[ "$tag" = "v$v" ] || die "the tag $tag is not v$v, the version in Cargo.toml"
targets=${STATUSLINT_TARGETS:-$(node -p "Object.keys(require('$PLATFORMS').targets).join(' ')")}

need() { [ -e "$1" ] || die "missing release artifact: $1"; }
missing_glob() { compgen -G "$1" >/dev/null || die "missing release artifact: $1"; }
for target in $targets; do
    ext=tar.gz
    case $target in *-windows-*) ext=zip ;; esac
    need "$dist/archives/statuslint-$v-$target.$ext"
    need "$dist/archives/statuslint-$v-$target.$ext.sha256"
    package=$(target_field "$target" package)
    need "$dist/npm/$(echo "${package#@}" | tr / -)-$v.tgz"
    missing_glob "$dist/vsix/statuslint-*-$v.vsix"
done
need "$dist/npm/statuslint-$v.tgz"
missing_glob "$dist/wheels/statuslint-$v-*.whl"
(cd "$dist/archives" && for sum in *.sha256; do
    if command -v sha256sum >/dev/null; then sha256sum -c --quiet "$sum"; else shasum -a 256 -c "$sum" >/dev/null; fi \
        || die "checksum mismatch: $sum"
done)

run() {
    if [ "${DRY_RUN:-0}" = 1 ]; then
        echo "publish (dry run): $*"
    else
        "$@"
    fi
}
run gh release create "$tag" --title "statuslint $v" --generate-notes "$dist"/archives/*
run maturin upload --skip-existing "$dist"/wheels/*
for tgz in "$dist"/npm/statuslint-cli-*-"$v".tgz; do
    run npm publish --access public "$tgz"
done
# The launcher last: its optionalDependencies must exist when it is installed.
run npm publish --access public "$dist/npm/statuslint-$v.tgz"
for vsix in "$dist"/vsix/*.vsix; do
    run npx --yes @vscode/vsce@4.1.0 publish --packagePath "$vsix"
    run npx --yes ovsx@1.4.0 publish "$vsix"
done
echo "publish: statuslint $v ($targets)${DRY_RUN:+ [dry run]}"
