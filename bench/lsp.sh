#!/bin/sh
# Latency benchmark of the language server (see bench/lsp_bench.rs).
# Usage: bench/lsp.sh [edits] [flat|module|impl|ts]   (ts: a .ts file of Express handlers)
set -eu
cd "$(dirname "$0")/.."
cargo build --release -p statuslint --bin statuslint --example lsp_bench
target_dir="${CARGO_TARGET_DIR:-target}"
"$target_dir/release/examples/lsp_bench" "$target_dir/release/statuslint" "${1:-200}" "${2:-flat}"
