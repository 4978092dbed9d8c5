#!/usr/bin/env bash
# The pre-commit hook of .pre-commit-hooks.yaml, run by a real pre-commit (PyPI) on a copy of
# examples/axum-service with a mistake planted in it:
#   1. `pre-commit try-repo <this repo> statuslint` fails and names the mistake;
#   2. the .pre-commit-config.yaml snippet of the README, as written except for pointing `repo` at
#      this clone and `rev` at its HEAD, and `id: statuslint-wheel` made `id: statuslint` (cargo): `pre-commit run` fails the same way; after
#      `statuslint check --fix` it passes;
#   3. the same snippet with its `# args: [--fix]` line uncommented: on the re-planted mistake the
#      hook fixes the file (pre-commit fails a run that modified files) and the next run passes.
# Each environment pre-commit builds runs `cargo install` (try-repo's own temporary store, then the
# store of the config runs): about 2 minutes each on an idle 2-core machine. CARGO_TARGET_DIR is the
# release build's, so the dependencies are not compiled again.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PRE_COMMIT=$(pre_commit_bin)
BIN=$(release_bin)
export PRE_COMMIT_HOME=$CACHE/pre-commit-home
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$REPO/target}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/statuslint-pre-commit.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
LOG=$ARTIFACTS/pre-commit.log
: >"$LOG"

fail() {
    echo "pre-commit test: FAILED: $*" >&2
    echo "--- log ($LOG):" >&2
    tail -n 80 "$LOG" >&2
    exit 1
}

# A git project: the example's manifest and clean main.rs, plus one handler with a fixable mistake.
project=$WORK/project
mkdir -p "$project/src"
cp "$REPO/examples/axum-service/Cargo.toml" "$project/"
cp "$REPO/examples/axum-service/src/main.rs" "$project/src/"
plant() {
    cat >"$project/src/items.rs" <<'RS'
use axum::{http::StatusCode, response::IntoResponse, Json};

pub async fn delete_item(Json(item): Json<String>) -> impl IntoResponse {
    (StatusCode::NO_CONTENT, Json(item))
}
RS
}
plant
git_() { git -C "$project" -c user.name=test -c user.email=test@example.invalid "$@"; }
git_ init -q
git_ add -A
git_ commit -qm "example"

run_hook() { # expected exit code, description, command...
    local want=$1 what=$2
    shift 2
    echo "\$ $*" >>"$LOG"
    local rc=0
    (cd "$project" && "$@") >>"$LOG" 2>&1 || rc=$?
    [ "$rc" = "$want" ] || fail "$what: exit $rc, expected $want"
}

echo "pre-commit: try-repo on a planted mistake (the first run builds the hook)"
t0=$(date +%s)
run_hook 1 "try-repo on the planted mistake" "$PRE_COMMIT" try-repo "$REPO" statuslint --all-files
grep -q 'src/items.rs:4:30: error\[body-not-allowed\]' "$LOG" || fail "the hook did not report the planted body-not-allowed"
echo "pre-commit: first run $(($(date +%s) - t0)) s"

# The README's snippet, pointed at this clone: as written (report only), then with --fix.
rev=$(git -C "$REPO" rev-parse HEAD)
readme_config() { # 1: uncomment `# args: [--fix]`
    python3 - "$REPO/README.md" "$project/.pre-commit-config.yaml" "$REPO" "$rev" "$1" <<'PY'
import re, sys
readme, out, repo, rev, fix = sys.argv[1:]
text = open(readme, encoding="utf-8").read()
match = re.search(r"```yaml\n(# \.pre-commit-config\.yaml\n.*?)```", text, re.S)
if not match:
    sys.exit("README.md has no ```yaml block starting with '# .pre-commit-config.yaml'")
snippet = match.group(1)
for needle in ("repo: https://github.com/statuslint/statuslint", "rev: main", "# args: [--fix]"):
    if needle not in snippet:
        sys.exit(f"the README snippet no longer has {needle!r}")
snippet = snippet.replace("https://github.com/statuslint/statuslint", repo).replace("rev: main", f"rev: {rev}")
# The cargo-built hook (the wheel hook is tested by packaging.sh).
if "id: statuslint-wheel" not in snippet:
    sys.exit("the README snippet no longer uses id: statuslint-wheel")
snippet = snippet.replace("id: statuslint-wheel", "id: statuslint")
if fix == "1":
    snippet = snippet.replace("# args: [--fix]", "args: [--fix]")
open(out, "w", encoding="utf-8").write(snippet)
PY
    git_ add -A
    git_ commit -qm "config" --allow-empty
}

echo "pre-commit: the README's config (builds the hook's environment once more)"
t0=$(date +%s)
readme_config 0
run_hook 1 "the README's config on the planted mistake" "$PRE_COMMIT" run --all-files
echo "pre-commit: first run $(($(date +%s) - t0)) s"
(cd "$project" && "$BIN" check --fix src/items.rs >>"$LOG" 2>&1) || fail "statuslint check --fix"
! grep -q 'NO_CONTENT, Json(item)' "$project/src/items.rs" || fail "--fix did not remove the body"
git_ add -A # pre-commit checks what is staged (it stashes unstaged changes)
run_hook 0 "the README's config after --fix" "$PRE_COMMIT" run --all-files

echo "pre-commit: the README's config with args: [--fix]"
plant
readme_config 1
run_hook 1 "the README's config with --fix on the mistake" "$PRE_COMMIT" run --all-files
grep -q 'files were modified by this hook' "$LOG" || fail "the hook with --fix did not fix the file"
! grep -q 'NO_CONTENT, Json(item)' "$project/src/items.rs" || fail "the hook's --fix did not remove the body"
git_ add -A
run_hook 0 "the README's config after the hook's fix" "$PRE_COMMIT" run --all-files
echo "pre-commit: PASS"
