#!/usr/bin/env bash
# Every statuslint test, on a fresh machine: formatting and lints, the minimum Rust version, the Rust
# test suites (unit, fixtures, snapshots, CLI, language-server protocol), the packaged crate, the
# real-editor tests (which install Neovim, Emacs, code-server and Chromium from the package
# registries first), the packages users install (tests/integrations/packaging.sh: wheel, npm
# tarballs, release scripts, pre-commit wheel hook, lint-staged; it reuses the editors' Node), then the
# pre-commit hook and the GitHub Action's steps.
# Every step runs even when an earlier one failed; the run ends with each step's time and one line
# "steps: N passed, M failed", and exits non-zero when any step failed.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

passed=0
failed=0
report=()
start=$(date +%s)

step() { # title, command...
    local title=$1
    shift
    printf '\n==> %s\n' "$title"
    local t0 rc
    t0=$(date +%s)
    "$@"
    rc=$?
    local took=$(($(date +%s) - t0))
    if [ "$rc" = 0 ]; then
        passed=$((passed + 1))
        report+=("$(printf 'ok     %4d s  %s' "$took" "$title")")
    else
        failed=$((failed + 1))
        report+=("$(printf 'FAILED %4d s  %s (exit %s)' "$took" "$title" "$rc")")
    fi
}

step "cargo fmt --check" cargo fmt --all -- --check
step "cargo clippy --all-targets -D warnings" cargo clippy --workspace --all-targets --locked -- -D warnings
step "minimum Rust version (tests/integrations/msrv.sh)" bash tests/integrations/msrv.sh
step "cargo test" cargo test --workspace --locked
step "fixed fixtures build against the real frameworks" bash tests/compile/run.sh
step "cargo publish --dry-run -p statuslint (the crate cargo install builds)" bash tests/integrations/package.sh
step "editor end-to-end tests" bash tests/editors/run.sh
step "packages users install (tests/integrations/packaging.sh)" bash tests/integrations/packaging.sh
step "pre-commit hook (tests/integrations/pre-commit.sh)" bash tests/integrations/pre-commit.sh
step "GitHub Action steps (tests/integrations/action.sh)" bash tests/integrations/action.sh

echo
echo "==> summary ($(($(date +%s) - start)) s in all)"
printf '%s\n' "${report[@]}"
echo "steps: $passed passed, $failed failed"
[ "$failed" = 0 ]
