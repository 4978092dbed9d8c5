# Shared by the integration tests (sourced): quiet steps whose output is shown only on failure,
# and the pinned pre-commit from PyPI in a venv of the test cache.
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CACHE=${STATUSLINT_EDITORS_CACHE:-$REPO/.cache/editors}
ARTIFACTS=$REPO/tests/artifacts
mkdir -p "$CACHE" "$ARTIFACTS"
PRE_COMMIT_VERSION=4.7.0

# quietly LOG COMMAND...: runs COMMAND with its output in $ARTIFACTS/LOG; prints the log on failure.
quietly() {
    local log=$ARTIFACTS/$1
    shift
    if ! "$@" >"$log" 2>&1; then
        echo "FAILED: $* (log: $log)" >&2
        tail -n 60 "$log" >&2
        return 1
    fi
}

# The pre-commit binary, installed on first use.
pre_commit_bin() {
    local venv=$CACHE/pre-commit-venv
    if ! "$venv/bin/pre-commit" --version 2>/dev/null | grep -qx "pre-commit $PRE_COMMIT_VERSION"; then
        rm -rf "$venv"
        quietly pre-commit-install.log python3 -m venv "$venv" || return 1
        quietly pre-commit-install.log "$venv/bin/pip" install --quiet --disable-pip-version-check \
            "pre-commit==$PRE_COMMIT_VERSION" || return 1
    fi
    echo "$venv/bin/pre-commit"
}

# The release binary (built once; CARGO_TARGET_DIR is honoured).
release_bin() {
    local target=${CARGO_TARGET_DIR:-$REPO/target}
    (cd "$REPO" && cargo build --release --locked --quiet -p statuslint) >&2 || return 1
    echo "$target/release/statuslint"
}
