# Shared by the packaging scripts (sourced). Every release step is one of these scripts, so the
# release workflow only calls them, and tests/integrations/packaging.sh runs them for linux x64.
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
PLATFORMS=$REPO/packaging/npm/platforms.json

die() {
    echo "${0##*/}: error: $*" >&2
    exit 1
}

# target_field TARGET FIELD: a field of packaging/npm/platforms.json for a Rust target triple.
target_field() {
    node -e '
      const [file, target, field] = process.argv.slice(1);
      const t = require(file).targets[target];
      if (!t) { console.error(`unknown target ${target}; known: ${Object.keys(require(file).targets).join(" ")}`); process.exit(1); }
      console.log(t[field] ?? "");
    ' "$PLATFORMS" "$1" "$2"
}

# The workspace version (one number for the crate, the wheel, the npm packages and the extension).
version() {
    sed -n '/^\[workspace.package\]/,/^\[/s/^version = "\(.*\)"/\1/p' "$REPO/Cargo.toml"
}

host_target() {
    rustc -vV | sed -n 's/^host: //p'
}

# The folder cargo writes TARGET's release build to: a build for the host goes to target/release,
# where `cargo build --release` (and the tests) already put it.
release_dir() {
    local target=$1 base=${CARGO_TARGET_DIR:-$REPO/target}
    if [ "$target" = "$(host_target)" ]; then
        echo "$base/release"
    else
        echo "$base/$target/release"
    fi
}

# cargo's --target argument for TARGET (none for the host).
target_args() {
    [ "$1" = "$(host_target)" ] || echo "--target $1"
}
