#!/usr/bin/env bash
# The real-editor tests of statuslint (issue 4). One command for a fresh machine:
#   1. installs the pinned editors and tools (tests/editors/install.sh: apt, pip, npm),
#   2. builds the release server binary and the VS Code extension with `npm run package` (.vsix with
#      the binary bundled) and `npm run package:no-server`,
#   3. runs the editors against the real `statuslint lsp`: Neovim 0.7 (Debian); Neovim 0.11 with the
#      repo's lsp/statuslint.lua (with and without rule settings) and with the repo's setup() module;
#      Emacs 28 with eglot 1.9; VS Code (code-server in headless Chromium) with the built .vsix, and
#      with a .vsix that has no server (one clear notification). It also checks that the extension's
#      settings schema lists every rule of `statuslint rule --all`, what `npm run package` bundles
#      (and refuses), and runs the Lua snippets of editors/neovim/README.md as written.
# Ends with "editors: N passed, M failed" and exits non-zero on any failure or missing tool.
# Screenshots and logs go to tests/artifacts/ (git-ignored). The repo's files are never edited: each
# test opens a temporary copy of an examples/ project.
set -uo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
HERE=$REPO/tests/editors
CACHE=${STATUSLINT_EDITORS_CACHE:-$REPO/.cache/editors}
export STATUSLINT_EDITORS_CACHE=$CACHE
ARTIFACTS=$REPO/tests/artifacts
CASES=$HERE/cases.json
# The example project the editors open (a fresh copy for each editor); cases.json says which of its
# files to open and what to expect there.
EXAMPLE=$REPO/$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["example"])' "$CASES")

passed=0
failed=0
failures=()
WORK=$(mktemp -d "${TMPDIR:-/tmp}/statuslint-editors.XXXXXX")
CS_PGID=

cleanup() {
    # code-server runs in its own process group: stop all of it (a file watcher can outlive the parent).
    if [ -n "$CS_PGID" ]; then
        kill -TERM -- "-$CS_PGID" 2>/dev/null
        sleep 1
        kill -KILL -- "-$CS_PGID" 2>/dev/null
        CS_PGID=
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

summary() {
    echo
    for f in "${failures[@]}"; do echo "FAILED: $f"; done
    echo "editors: $passed passed, $failed failed"
}

fatal() { # a setup step failed: nothing can be tested, and that is a failure, not a skip
    echo "run.sh: ERROR: $*" >&2
    failed=$((failed + 1))
    failures+=("setup: $*")
    summary
    exit 1
}

record() { # name, exit code, log
    if [ "$2" = 0 ]; then
        passed=$((passed + 1))
        echo "--- PASS: $1"
    else
        failed=$((failed + 1))
        failures+=("$1 (exit $2, log: ${3:-see above})")
        echo "--- FAIL: $1"
    fi
}

mkdir -p "$ARTIFACTS"
[ -d "$EXAMPLE" ] || fatal "the example project $EXAMPLE does not exist"

# --- 1. tools --------------------------------------------------------------------------------
echo "=== install (tests/editors/install.sh)"
t0=$(date +%s)
bash "$HERE/install.sh" || fatal "installing the editor test tools failed (see above)"
# shellcheck source=/dev/null
. "$CACHE/env.sh"
echo "install: $(($(date +%s) - t0)) s"
export PATH=$NODE24_BIN:$PATH

# --- 2. build --------------------------------------------------------------------------------
if [ -n "${STATUSLINT_EDITORS_BIN:-}" ]; then
    # A binary built elsewhere (e.g. by an earlier CI step).
    BIN=$STATUSLINT_EDITORS_BIN
    echo "=== build: using $BIN"
else
    echo "=== build: cargo build --release"
    TARGET=${CARGO_TARGET_DIR:-$REPO/target}
    (cd "$REPO" && cargo build --release --quiet -p statuslint) || fatal "cargo build --release failed"
    BIN=$TARGET/release/statuslint
fi
[ -x "$BIN" ] || fatal "no statuslint binary at $BIN"

echo "=== build: VS Code extension (npm run package: linux-x64 .vsix with the server bundled)"
EXT=$REPO/editors/vscode
VERSION=$(node -p "require('$EXT/package.json').version")
VSIX=$EXT/statuslint-linux-x64-$VERSION.vsix
VSIX_NO_SERVER=$WORK/statuslint-no-server.vsix
(
    set -e
    cd "$EXT"
    # npm ci only when the lock file changed since the last install.
    if ! cmp -s package-lock.json node_modules/.statuslint-installed-lock.json 2>/dev/null; then
        npm ci --no-audit --no-fund --loglevel=error >"$ARTIFACTS/npm-ci.log" 2>&1 \
            || { cat "$ARTIFACTS/npm-ci.log"; exit 1; }
        cp package-lock.json node_modules/.statuslint-installed-lock.json
    fi
    rm -f "$VSIX"
    # The README's recipe, with the binary built above.
    STATUSLINT_BIN=$BIN npm run package >"$ARTIFACTS/vsce.log" 2>&1 || { cat "$ARTIFACTS/vsce.log"; exit 1; }
    [ -f "$VSIX" ] || { echo "npm run package wrote no $VSIX"; cat "$ARTIFACTS/vsce.log"; exit 1; }
    # The same extension without the bundled server, for the "no server found" test.
    npm run package:no-server -- -o "$VSIX_NO_SERVER" >>"$ARTIFACTS/vsce.log" 2>&1 \
        || { cat "$ARTIFACTS/vsce.log"; exit 1; }
) || fatal "building the .vsix failed"
echo "built $VSIX ($(du -k "$VSIX" | cut -f1) KB)"

# --- 3. editors ------------------------------------------------------------------------------
# copy_example DIR: a fresh copy of the example project, plus the files cases.json adds to it from
# elsewhere in the repository (a TypeScript and a Go file, so Neovim and VS Code also open a .ts and a .go document).
copy_example() {
    cp -r "$EXAMPLE" "$1"
    python3 -c '
import json, os, shutil, sys
spec = json.load(open(sys.argv[1]))
for extra in spec.get("extra_files", []):
    target = os.path.join(sys.argv[3], extra["to"])
    os.makedirs(os.path.dirname(target), exist_ok=True)
    shutil.copy(os.path.join(sys.argv[2], extra["from"]), target)
' "$CASES" "$REPO" "$1"
}

neovim_test() { # name, nvim binary, mode, plain (1: no rule settings)
    local name=$1 nvim=$2 mode=$3 plain=${4:-0}
    local dir=$WORK/$mode-$(echo "$name" | tr -cd 'a-z0-9')
    mkdir -p "$dir/home"
    copy_example "$dir/project"
    local log
    log=$ARTIFACTS/$(echo "$name" | tr -cs 'a-zA-Z0-9.' '-' | sed 's/-$//').log
    echo "=== $name"
    # Neovim writes state and swap files under XDG dirs and TMPDIR even with -i NONE.
    (
        cd "$dir" &&
            XDG_CONFIG_HOME=$dir/home XDG_DATA_HOME=$dir/home XDG_STATE_HOME=$dir/home \
                XDG_CACHE_HOME=$dir/home TMPDIR=$dir/home HOME=$dir/home \
                STATUSLINT_MODE=$mode STATUSLINT_PLAIN=$plain STATUSLINT_BIN=$BIN STATUSLINT_CASES=$CASES \
                STATUSLINT_ROOT=$dir/project STATUSLINT_NEOVIM=$REPO/editors/neovim \
                timeout -k 5 90 "$nvim" --headless -u NONE -i NONE -n -c "luafile $HERE/neovim/test.lua"
    ) 2>&1 | tee "$log"
    local rc=${PIPESTATUS[0]}
    # A pass must have said so: a crash that exits 0 is still a failure.
    [ "$rc" = 0 ] && ! grep -qx PASS "$log" && rc=1
    record "$name" "$rc" "$log"
}

neovim_readme_test() { # case: basic | config | setup (see neovim/readme.lua)
    local case=$1
    local name="neovim 0.11: README snippets ($case)"
    local dir=$WORK/readme-$case
    local log=$ARTIFACTS/neovim-readme-$case.log
    mkdir -p "$dir/home"
    cp -r "$EXAMPLE" "$dir/project"
    echo "=== $name"
    (
        cd "$dir" &&
            PATH=$(dirname "$BIN"):$PATH XDG_CONFIG_HOME=$dir/home XDG_DATA_HOME=$dir/home \
                XDG_STATE_HOME=$dir/home XDG_CACHE_HOME=$dir/home TMPDIR=$dir/home HOME=$dir/home \
                STATUSLINT_README_CASE=$case STATUSLINT_README=$REPO/editors/neovim/README.md \
                STATUSLINT_NEOVIM=$REPO/editors/neovim STATUSLINT_BIN=$BIN STATUSLINT_ROOT=$dir/project \
                timeout -k 5 90 "$NVIM011" --headless -u NONE -i NONE -n -c "luafile $HERE/neovim/readme.lua"
    ) 2>&1 | tee "$log"
    local rc=${PIPESTATUS[0]}
    [ "$rc" = 0 ] && ! grep -qx PASS "$log" && rc=1
    record "$name" "$rc" "$log"
}

emacs_test() {
    local name="emacs 28 + eglot 1.9"
    local dir=$WORK/emacs
    local log=$ARTIFACTS/emacs.log
    mkdir -p "$dir/home"
    copy_example "$dir/project"
    echo "=== $name"
    (
        cd "$dir" &&
            HOME=$dir/home TMPDIR=$dir/home STATUSLINT_BIN=$BIN STATUSLINT_CASES=$CASES \
                STATUSLINT_ROOT=$dir/project \
                timeout -k 5 90 "$EMACS" --batch -Q -l "$HERE/emacs/test.el"
    ) >"$log" 2>"$log.stderr"
    local rc=$?
    cat "$log"
    [ "$rc" = 0 ] && ! grep -qx PASS "$log" && rc=1
    [ "$rc" = 0 ] || cat "$log.stderr"
    record "$name" "$rc" "$log"
}

vscode_test() { # mode (main | missing-server), vsix
    local mode=$1 vsix=$2
    local name="vscode (code-server $CODE_SERVER_VERSION): $mode"
    local dir=$WORK/vscode-$mode
    local ws=$dir/workspace
    local log=$ARTIFACTS/vscode-$mode-code-server.log
    local testlog=$ARTIFACTS/vscode-$mode.log
    echo "=== $name"
    mkdir -p "$dir/xdg" "$dir/data/User" "$dir/ext"
    copy_example "$ws"
    mkdir -p "$ws/.vscode"
    cat >"$ws/.vscode/settings.json" <<'JSON'
{ "editor.codeActionsOnSave": { "source.fixAll.statuslint": "explicit" } }
JSON
    # A quiet workbench: no trust prompt, start page, tips, AI features, update checks or side panels.
    node -e '
      const spec = require(process.argv[1]);
      const settings = {
        "security.workspace.trust.enabled": false,
        "workbench.startupEditor": "none",
        "workbench.tips.enabled": false,
        "workbench.enableExperiments": false,
        "workbench.welcomePage.walkthroughs.openOnInstall": false,
        "telemetry.telemetryLevel": "off",
        "extensions.autoUpdate": false,
        "extensions.autoCheckUpdates": false,
        "extensions.ignoreRecommendations": true,
        "update.mode": "none",
        "chat.disableAIFeatures": true,
        "chat.commandCenter.enabled": false,
        "editor.minimap.enabled": false,
        "window.commandCenter": false,
        "workbench.secondarySideBar.defaultVisibility": "hidden",
        "statuslint.rules": spec.settings.rules,
      };
      require("fs").writeFileSync(process.argv[2], JSON.stringify(settings, null, 2));
    ' "$CASES" "$dir/data/User/settings.json"
    local xdg=(XDG_CONFIG_HOME="$dir/xdg" XDG_DATA_HOME="$dir/xdg" XDG_CACHE_HOME="$dir/xdg")
    # Without a bundled server, none must be found on PATH either: give code-server a bare PATH.
    local path=$PATH
    [ "$mode" = missing-server ] && path=$NODE24_BIN:/usr/bin:/bin
    if ! env "${xdg[@]}" timeout -k 5 120 "$CODE_SERVER" --user-data-dir "$dir/data" --extensions-dir "$dir/ext" \
        --install-extension "$vsix" >"$log" 2>&1; then
        cat "$log"
        record "$name" 1 "$log"
        return
    fi
    local port
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    # setsid: code-server and all its children get their own process group, which cleanup kills.
    env "${xdg[@]}" PATH="$path" setsid "$CODE_SERVER" --auth none --bind-addr "127.0.0.1:$port" \
        --disable-telemetry --disable-update-check --disable-workspace-trust --user-data-dir "$dir/data" \
        --extensions-dir "$dir/ext" "$ws" >>"$log" 2>&1 &
    CS_PGID=$!
    local up=0
    for _ in $(seq 1 100); do
        if curl -fs -o /dev/null --max-time 2 "http://127.0.0.1:$port/healthz"; then
            up=1
            break
        fi
        sleep 0.3
    done
    local rc=1
    if [ "$up" = 1 ]; then
        MODE=$mode CS_URL=http://127.0.0.1:$port WS=$ws CASES=$CASES ARTIFACTS=$ARTIFACTS \
            USER_SETTINGS=$dir/data/User/settings.json PLAYWRIGHT_CORE=$PLAYWRIGHT_CORE CHROMIUM=$CHROMIUM \
            README_SHOT=${STATUSLINT_README_SHOT:-} \
            timeout -k 10 300 node "$HERE/vscode/test.mjs" 2>&1 | tee "$testlog"
        rc=${PIPESTATUS[0]}
        [ "$rc" = 0 ] && ! grep -qx PASS "$testlog" && rc=1
    else
        echo "code-server did not answer on 127.0.0.1:$port within 30 s" | tee -a "$log"
    fi
    kill -TERM -- "-$CS_PGID" 2>/dev/null
    sleep 1
    kill -KILL -- "-$CS_PGID" 2>/dev/null
    CS_PGID=
    record "$name" "$rc" "$testlog (code-server: $log)"
}

package_test() {
    # What `npm run package` wrote: the server inside (the very binary given, executable), none in
    # the server-less package, the packaged README's links all resolving to files of this repository;
    # and no platform package at all from a binary that is not a working Linux x64 statuslint.
    local name="vscode: npm run package bundles the server, refuses without one"
    local log=$ARTIFACTS/vscode-package.log
    echo "=== $name"
    (
        set -e
        python3 - "$VSIX" "$VSIX_NO_SERVER" "$BIN" "$REPO" <<'PY'
import os, posixpath, re, stat, subprocess, sys, zipfile
vsix, bare, binary, repo = sys.argv[1:]
with zipfile.ZipFile(vsix) as z:
    info = z.getinfo("extension/server/statuslint")
    assert (info.external_attr >> 16) & stat.S_IXUSR, "the bundled server is not executable"
    # The binary given, stripped (the same bytes `strip --strip-all` makes of it).
    stripped = os.path.join(os.path.dirname(bare), "stripped-statuslint")
    subprocess.run(["strip", "--strip-all", "-o", stripped, binary], check=True)
    assert z.read(info) == open(stripped, "rb").read(), "the bundled server is not the binary given, stripped"
    size = info.file_size
    assert size < os.path.getsize(binary) / 2, f"the bundled server ({size} bytes) is not stripped"
    readme = z.read(next(n for n in z.namelist() if n.lower() == "extension/readme.md")).decode()
with zipfile.ZipFile(bare) as z:
    assert not [n for n in z.namelist() if n.startswith("extension/server/")], "the no-server package has a server"
base = "https://github.com/statuslint/statuslint/"
links = re.findall(r"\]\(([^)\s]+)\)", readme)
assert links, "the packaged README has no links"
for link in links:
    if not link.startswith(base):
        assert link.startswith("https://") and "statuslint/statuslint" not in link, f"unexpected link {link}"
        continue
    kind, _, rest = link[len(base):].partition("/")
    assert kind in ("blob", "raw") and rest.startswith("HEAD/"), link
    target = posixpath.normpath(rest[len("HEAD/"):].split("#")[0])
    assert os.path.exists(os.path.join(repo, target)), f"{link} names {target}, which is not in the repository"
print(f"ok: server bundled ({size / 1e6:.1f} MB, stripped), {len(links)} README links resolve")
PY
        cd "$EXT"
        echo "not a binary" >"$WORK/fake-statuslint"
        for fake in "$WORK/fake-statuslint" /bin/true "$WORK/missing"; do
            rm -f "$WORK/refused.vsix"
            if STATUSLINT_BIN=$fake npm run package -- -o "$WORK/refused.vsix" >"$WORK/refused.log" 2>&1; then
                echo "npm run package accepted STATUSLINT_BIN=$fake"
                exit 1
            fi
            [ ! -e "$WORK/refused.vsix" ] || { echo "a package was written for $fake"; exit 1; }
            # Expected: one clear error. It is checked, not printed (a passing run shows no ERROR line).
            grep -q "package: ERROR: " "$WORK/refused.log" \
                || { echo "no package: ERROR message for STATUSLINT_BIN=$fake:"; cat "$WORK/refused.log"; exit 1; }
            echo "ok: refused STATUSLINT_BIN=${fake##*/} with a clear error"
        done
    ) >"$log" 2>&1
    local rc=$?
    cat "$log"
    record "$name" "$rc" "$log"
}

schema_test() {
    # The extension's settings schema offers every rule with its default: it must match the server.
    local name="vscode settings schema lists every rule"
    local log=$ARTIFACTS/vscode-schema.log
    echo "=== $name"
    "$BIN" rule --all >"$WORK/rules.txt" 2>&1
    node -e '
      const fs = require("fs");
      const pkg = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
      const props = pkg.contributes.configuration.properties["statuslint.rules"].properties;
      const server = fs.readFileSync(process.argv[2], "utf8").split("\n").slice(1)
        .map((l) => l.trim().split(/\s+/)).filter((f) => f.length >= 2).map(([name, def]) => ({ name, def }));
      let bad = server.length === 0 ? ["statuslint rule --all listed no rules"] : [];
      for (const { name, def } of server) {
        if (!props[name]) bad.push(`missing rule ${name}`);
        else if (!props[name].markdownDescription.includes("(default: `" + def + "`)")) bad.push(`${name}: default is ${def}`);
      }
      for (const name of Object.keys(props)) {
        if (!server.some((r) => r.name === name)) bad.push(`unknown rule ${name}`);
      }
      if (bad.length) { console.log("package.json vs statuslint rule --all:\n  " + bad.join("\n  ")); process.exit(1); }
      console.log(`ok: ${server.length} rules, defaults match`);
    ' "$EXT/package.json" "$WORK/rules.txt" 2>&1 | tee "$log"
    record "$name" "${PIPESTATUS[0]}" "$log"
}

schema_test
package_test
neovim_test "neovim 0.7 (start_client)" "$NVIM07" start_client
neovim_test "neovim 0.11 (lsp/statuslint.lua + vim.lsp.enable)" "$NVIM011" enable
neovim_test "neovim 0.11 (lsp/statuslint.lua, no settings)" "$NVIM011" enable 1
neovim_test "neovim 0.11 (require('statuslint').setup)" "$NVIM011" setup
neovim_readme_test basic
neovim_readme_test config
neovim_readme_test setup
emacs_test
vscode_test main "$VSIX"
vscode_test missing-server "$VSIX_NO_SERVER"

summary
[ "$failed" = 0 ]
