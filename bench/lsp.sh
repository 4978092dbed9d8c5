#!/bin/sh
# Latency benchmark of the language server (see bench/lsp_bench.rs).
# Usage: bench/lsp.sh [edits] [flat|module|impl|ts|py|go] [workspace files]
#   ts: a .ts file of Express handlers; py: a .py file of FastAPI path operations, go: a .go file of
#   net/http handlers (neither with a workspace); workspace files (e.g. 4000): the file sits in a generated
#   Cargo package (an npm package for ts) of that many files, and the index build and dependents'
#   refresh are measured too.
set -eu
cd "$(dirname "$0")/.."
cargo build --release -p statuslint --bin statuslint --example lsp_bench
target_dir="${CARGO_TARGET_DIR:-target}"
"$target_dir/release/examples/lsp_bench" "$target_dir/release/statuslint" "${1:-200}" "${2:-flat}" "${3:-0}"
