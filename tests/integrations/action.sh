#!/usr/bin/env bash
# The shell steps of action.yml, run locally as GitHub's runner would run them: each step's `run`
# script under `bash -e` with its `env`, the `${{ inputs.* }}` / `${{ github.action_path }}`
# expressions replaced, and GITHUB_OUTPUT / GITHUB_PATH files. Checked on a copy of
# examples/axum-service:
#   - install: with no statuslint on PATH it runs `cargo install` and adds the bin folder to
#     GITHUB_PATH; with one on PATH it uses that;
#   - format github: annotations on stdout, exit-code=1 in GITHUB_OUTPUT, the step fails;
#   - format sarif with fail-on-findings false: the SARIF file is written, the step passes (so a
#     later upload-sarif step runs), exit-code=1;
#   - a clean folder passes; a bad format fails.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PRE_COMMIT=$(pre_commit_bin) # its venv has PyYAML, which reads action.yml
PYTHON=$(dirname "$PRE_COMMIT")/python
BIN=$(release_bin)
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$REPO/target}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/statuslint-action.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
LOG=$ARTIFACTS/action.log
: >"$LOG"
cp -r "$REPO/examples/axum-service" "$WORK/project"
mkdir -p "$WORK/clean" && cp "$REPO/examples/axum-service/src/main.rs" "$WORK/clean/"

fail() {
    echo "action test: FAILED: $*" >&2
    tail -n 60 "$LOG" >&2
    exit 1
}

# step NAME PATH-DIR [input=value...]: runs action.yml's step NAME; prints its exit code.
step() {
    local name=$1 path_dir=$2
    shift 2
    rm -f "$WORK/step.sh" "$WORK/step.env"
    "$PYTHON" - "$REPO/action.yml" "$name" "$REPO" "$WORK/step.sh" "$WORK/step.env" "$@" 2>>"$LOG" <<'PY'
import re, shlex, sys, yaml
action_file, name, repo, script_out, env_out, *overrides = sys.argv[1:]
action = yaml.safe_load(open(action_file, encoding="utf-8"))
inputs = {k: str(v.get("default", "")) for k, v in action["inputs"].items()}
for o in overrides:
    key, _, value = o.partition("=")
    if key not in inputs:
        sys.exit(f"action.yml has no input {key}")
    inputs[key] = value
steps = [s for s in action["runs"]["steps"] if s.get("name") == name]
if len(steps) != 1 or steps[0].get("shell") != "bash":
    sys.exit(f"action.yml has no bash step named {name!r}")
def expand(text):
    def one(m):
        expr = m.group(1).strip()
        if expr == "github.action_path":
            return repo
        if expr.startswith("inputs."):
            return inputs[expr[len("inputs."):]]
        sys.exit(f"unexpected expression {expr}")
    return re.sub(r"\$\{\{(.*?)\}\}", one, text)
open(script_out, "w").write(expand(steps[0]["run"]))
with open(env_out, "w") as f:
    for k, v in (steps[0].get("env") or {}).items():
        f.write(f"export {k}={shlex.quote(expand(str(v)))}\n")
PY
    [ -s "$WORK/step.sh" ] || { echo 99; return; }
    : >"$WORK/output"
    : >"$WORK/path"
    local rc=0
    (
        cd "$WORK/project"
        # shellcheck source=/dev/null
        . "$WORK/step.env"
        # The runner runs `bash --noprofile --norc -eo pipefail {0}`.
        PATH=$path_dir GITHUB_OUTPUT=$WORK/output GITHUB_PATH=$WORK/path RUNNER_TEMP=$WORK/runner \
            bash --noprofile --norc -eo pipefail "$WORK/step.sh"
    ) >"$WORK/stdout" 2>>"$LOG" || rc=$?
    cat "$WORK/stdout" >>"$LOG"
    echo "$rc"
}

base=/usr/local/bin:/usr/bin:/bin
cargo_dir=$(dirname "$(command -v cargo)")

echo "action: install step, statuslint not on PATH (cargo install)"
rc=$(step "Install statuslint" "$cargo_dir:$base")
[ "$rc" = 0 ] || fail "install step exit $rc"
grep -qx "$WORK/runner/statuslint/bin" "$WORK/path" || fail "install did not add its bin folder to GITHUB_PATH"
"$WORK/runner/statuslint/bin/statuslint" --version >>"$LOG" || fail "the installed statuslint does not run"

bin_dir=$(dirname "$BIN")
echo "action: install step, statuslint on PATH"
rc=$(step "Install statuslint" "$bin_dir:$base")
[ "$rc" = 0 ] && grep -q "statuslint found on PATH: $BIN" "$WORK/stdout" || fail "install did not use statuslint on PATH (exit $rc)"
[ ! -s "$WORK/path" ] || fail "install changed GITHUB_PATH although statuslint was on PATH"

echo "action: check step, format github"
rc=$(step "statuslint check" "$bin_dir:$base" paths=src)
[ "$rc" = 1 ] || fail "format github on findings: exit $rc, expected 1"
grep -qx 'exit-code=1' "$WORK/output" || fail "no exit-code=1 in GITHUB_OUTPUT"
grep -q '^::error file=src/auth.rs,line=41,col=25,endLine=41,endColumn=37,title=missing-www-authenticate::' "$WORK/stdout" \
    || fail "no annotation for the 401 in src/auth.rs"

echo "action: check step, format sarif, fail-on-findings false"
rc=$(step "statuslint check" "$bin_dir:$base" format=sarif fail-on-findings=false sarif-file=out.sarif)
[ "$rc" = 0 ] || fail "format sarif without fail-on-findings: exit $rc, expected 0"
grep -qx 'exit-code=1' "$WORK/output" || fail "no exit-code=1 in GITHUB_OUTPUT"
"$PYTHON" -c 'import json, sys; r = json.load(open(sys.argv[1]))["runs"][0]["results"]; assert len(r) == 8, len(r)' \
    "$WORK/project/out.sarif" 2>>"$LOG" || fail "out.sarif does not hold the 8 findings"

echo "action: check step, a clean folder and a bad format"
rc=$(step "statuslint check" "$bin_dir:$base" "paths=$WORK/clean")
[ "$rc" = 0 ] && grep -qx 'exit-code=0' "$WORK/output" || fail "clean folder: exit $rc"
rc=$(step "statuslint check" "$bin_dir:$base" format=xml)
[ "$rc" = 2 ] || fail "format xml: exit $rc, expected 2"
echo "action: PASS"
