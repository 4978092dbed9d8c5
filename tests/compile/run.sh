#!/usr/bin/env bash
# Fixes that compile: each crate in tests/compile/ depends on a real framework. Its `handlers.rs`
# holds the mistakes statuslint fixes; `statuslint check --unsafe-fixes` is run on a copy, which
# must equal the committed `fixed.rs` (the fix shapes, before and after), be what rustfmt leaves
# unchanged, and build together with the original against the framework. `go` is the Go
# counterpart (tests/compile/go/run.sh: net/http with chi, gin and echo, built against Debian's
# packages).
#
#   bash tests/compile/run.sh [CRATE...]     (default: every crate here, and `go`)
#
# Dependencies are fetched once (`cargo fetch`), then built with `--offline`; all crates share one
# target folder, target/compile-fixtures.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
root=$PWD
cargo build --locked --quiet
bin=$root/target/debug/statuslint
export CARGO_TARGET_DIR=$root/target/compile-fixtures
crates=("$@")
if [ ${#crates[@]} -eq 0 ]; then
    for dir in tests/compile/*/; do crates+=("$(basename "$dir")"); done
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for name in "${crates[@]}"; do
    dir=tests/compile/$name
    echo "==> $name"
    if [ "$name" = go ]; then
        bash tests/compile/go/run.sh "$bin"
        continue
    fi
    cp "$dir/src/handlers.rs" "$tmp/$name.rs"
    # Exit 1 is fine here (a finding without a fix may remain); 2 is not.
    status=0
    "$bin" check --unsafe-fixes "$tmp/$name.rs" > "$tmp/$name.out" || status=$?
    if [ "$status" -gt 1 ]; then
        cat "$tmp/$name.out"
        exit 1
    fi
    if ! diff -u "$dir/src/fixed.rs" "$tmp/$name.rs"; then
        echo "error: $dir/src/fixed.rs is not what the fixes give (diff above)" >&2
        exit 1
    fi
    if command -v rustfmt > /dev/null; then
        rustfmt --edition 2021 --check "$tmp/$name.rs"
    fi
    cargo fetch --locked --quiet --manifest-path "$dir/Cargo.toml"
    start=$(date +%s)
    cargo build --offline --locked --quiet --manifest-path "$dir/Cargo.toml"
    echo "    built in $(( $(date +%s) - start )) s"
done
