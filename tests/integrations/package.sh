#!/usr/bin/env bash
# `cargo install statuslint` works from the packaged crate: `cargo publish --dry-run` packages it and
# builds the package on its own (as cargo install would), and the package holds what the build and
# the crate page need. Quiet: cargo's output is shown only on failure.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO"
# A working copy with edits (a developer's) is packaged as it is; CI's clean clone needs no flag.
dirty=()
[ -z "$(git status --porcelain 2>/dev/null)" ] || dirty=(--allow-dirty)
quietly cargo-package-list.log cargo package -p statuslint --locked --list "${dirty[@]}"
for file in Cargo.toml README.md LICENSE data/status-codes.tsv src/main.rs src/lib.rs; do
    grep -qx "$file" "$ARTIFACTS/cargo-package-list.log" || {
        echo "package: the crate does not contain $file" >&2
        exit 1
    }
done
quietly cargo-publish-dry-run.log cargo publish --dry-run -p statuslint --locked "${dirty[@]}"
# The metadata a crate page shows (an empty field is a failed check).
cargo metadata --locked --no-deps --format-version 1 | python3 -c '
import json, sys
p = next(p for p in json.load(sys.stdin)["packages"] if p["name"] == "statuslint")
missing = [k for k in ("description", "repository", "readme", "license", "keywords", "categories", "rust_version") if not p.get(k)]
if missing:
    sys.exit("package: statuslint lacks " + ", ".join(missing))
print("package: statuslint", p["version"], "packages and builds;", len(p["keywords"]), "keywords,", ", ".join(p["categories"]))
'
