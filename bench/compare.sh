#!/usr/bin/env bash
# statuslint against the tools users would otherwise run, in paired runs on the same files
# (numbers in docs/cli.md, "Against ast-grep and ESLint").
#
#   bench/compare.sh [MEGABYTES] [RUNS] [rs|ts|both]    default: 60 MB, 5 runs, both
#
# Rust: the bench corpus (bench/gen_corpus.rs) as Cargo packages, one per service, so every file
#   goes through the cross-file index; `statuslint check` against `ast-grep scan` with the two
#   pattern rules in bench/ast-grep/ (a 401 built, a 204 built with a body). Also `--no-skip` and
#   `--parse-only` on the same packages, for the cost of extraction.
# TypeScript: the TS corpus; `statuslint check` against ESLint running only eslint-plugin-unicorn's
#   `no-invalid-response-options` (with the typescript-eslint parser).
# Each run of a pair goes right after the other, so load on the machine falls on both; the table
# gives the median wall and CPU (user + sys) time of each command and the ratio of the medians.
# The tools are installed under target/bench-tools on first use (pip and npm, pinned versions).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
mb="${1:-60}"
runs="${2:-5}"
which_langs="${3:-both}"
target_dir="${CARGO_TARGET_DIR:-target}"
tools="$target_dir/bench-tools"
cargo build --release -p statuslint --bin statuslint --example gen_corpus
bin="$root/$target_dir/release/statuslint"

# The versions measured in docs/cli.md.
AST_GREP=ast-grep-cli==0.51.1
ESLINT=(eslint@10.16.0 eslint-plugin-unicorn@80.0.0 typescript-eslint@8.73.0 core-js@3.51.0)

install_ast_grep() {
    if [ ! -x "$tools/ast-grep/bin/ast-grep" ]; then
        python3 -m pip install --quiet --target "$tools/ast-grep" "$AST_GREP"
    fi
    echo "$root/$tools/ast-grep/bin/ast-grep"
}

install_eslint() {
    local dir="$tools/eslint"
    if [ ! -x "$dir/node_modules/.bin/eslint" ]; then
        mkdir -p "$dir"
        (cd "$dir" && echo '{"private": true}' > package.json &&
            npm install --silent --no-audit --no-fund "${ESLINT[@]}")
    fi
    # unicorn 80 uses ES2025 Set methods; Node 20 (the machine's) lacks them, core-js adds them.
    cat > "$dir/polyfill.cjs" << 'EOF'
require('core-js/actual/set');
require('core-js/actual/iterator');
EOF
    cat > "$dir/eslint.config.mjs" << 'EOF'
import unicorn from 'eslint-plugin-unicorn';
import tseslint from 'typescript-eslint';
export default [
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.js'],
    languageOptions: { parser: tseslint.parser },
    plugins: { unicorn },
    rules: { 'unicorn/no-invalid-response-options': 'error' },
  },
];
EOF
    echo "$root/$dir"
}

# corpus LANG: generates the corpus once, prints its folder.
corpus() {
    local suffix=""
    [ "$1" = ts ] && suffix="-ts"
    local dir="$target_dir/bench-corpus-$mb$suffix"
    if [ ! -d "$dir" ]; then
        "$target_dir/release/examples/gen_corpus" "$dir" "$mb" "$1" > /dev/null
    fi
    echo "$root/$dir"
}

# packages DIR: a copy of the Rust corpus with a Cargo.toml per service (as bench/check.sh makes).
packages() {
    local per="$1-packages"
    if [ ! -d "$per" ]; then
        cp -r "$1" "$per"
        for dir in "$per"/half-*/service-*; do
            printf '[package]\nname = "%s"\nversion = "0.1.0"\n' "$(basename "$dir")" > "$dir/Cargo.toml"
        done
    fi
    echo "$per"
}

stats=$(mktemp -d)
trap 'rm -rf "$stats"' EXIT

# timed NAME DIR CMD...: one run in DIR, appending "wall cpu peak_kb" to $stats/NAME.
timed() {
    local name=$1 dir=$2
    shift 2
    (cd "$dir" && /usr/bin/time -f '%e %U %S %M' -a -o "$stats/$name.raw" "$@" > /dev/null 2>&1) || true
    tail -n 1 "$stats/$name.raw" | awk '{ printf "%s %.2f %s\n", $1, $2 + $3, $4 }' >> "$stats/$name"
}

median() { # FILE COLUMN
    sort -n -k"$2" "$1" | awk -v c="$2" '{ v[NR] = $c } END { print v[int((NR + 1) / 2)] }'
}

report() { # LABEL NAME
    printf '| %-44s | %7.2f s | %7.2f s | %6.0f MB |\n' "$1" "$(median "$stats/$2" 1)" \
        "$(median "$stats/$2" 2)" "$(echo "$(median "$stats/$2" 3)" | awk '{ print $1 / 1024 }')"
}

ratio() { # LABEL NAME_A NAME_B: A's median over B's, wall and CPU
    printf '%s: %.2f× wall, %.2f× CPU\n' "$1" \
        "$(awk -v a="$(median "$stats/$2" 1)" -v b="$(median "$stats/$3" 1)" 'BEGIN { print a / b }')" \
        "$(awk -v a="$(median "$stats/$2" 2)" -v b="$(median "$stats/$3" 2)" 'BEGIN { print a / b }')"
}

header() {
    echo
    echo "$1 ($(nproc) cores, $runs paired runs, load before: $(cut -d' ' -f1-3 /proc/loadavg))"
    echo '| command | wall (median) | CPU (median) | peak RSS |'
    echo '|---|---|---|---|'
}

if [ "$which_langs" != ts ]; then
    sg=$(install_ast_grep)
    per=$(packages "$(corpus rs)")
    files=$(find "$per" -name '*.rs' | wc -l)
    find "$per" -name '*.rs' -exec cat {} + > /dev/null
    echo "Rust corpus: $per, $files files, $(find "$per" -name Cargo.toml | wc -l) Cargo packages"
    echo "findings: statuslint $("$bin" check --format json "$per" | grep -c '"rule":' || true)," \
        "ast-grep $("$sg" scan -c "$root/bench/ast-grep/sgconfig.yml" --json=stream "$per" | wc -l)"
    for _ in $(seq "$runs"); do
        timed sl "$per" "$bin" check .
        timed sg "$per" "$sg" scan -c "$root/bench/ast-grep/sgconfig.yml" .
        timed noskip "$per" "$bin" check --no-skip .
        timed parse "$per" "$bin" check --parse-only .
    done
    header "Rust, $files files as Cargo packages"
    report "statuslint check" sl
    report "ast-grep scan (2 rules)" sg
    report "statuslint check --no-skip" noskip
    report "statuslint check --parse-only" parse
    ratio "ast-grep / statuslint check" sg sl
    ratio "statuslint check / --parse-only" sl parse
    ratio "statuslint check --no-skip / --parse-only" noskip parse
fi

if [ "$which_langs" != rs ]; then
    eslint=$(install_eslint)
    ts=$(corpus ts)
    files=$(find "$ts" -name '*.ts' | wc -l)
    find "$ts" -name '*.ts' -exec cat {} + > /dev/null
    es=(node -r "$eslint/polyfill.cjs" "$eslint/node_modules/.bin/eslint" --no-config-lookup
        -c "$eslint/eslint.config.mjs" .)
    echo
    echo "TypeScript corpus: $ts, $files files"
    echo "findings: statuslint $("$bin" check --format json "$ts" | grep -c '"rule":' || true)," \
        "ESLint $(cd "$ts" && "${es[@]}" --format json 2> /dev/null | grep -o '"ruleId"' | wc -l)"
    for _ in $(seq "$runs"); do
        timed tsl "$ts" "$bin" check .
        timed es "$ts" "${es[@]}"
        timed tsparse "$ts" "$bin" check --parse-only .
    done
    header "TypeScript, $files files"
    report "statuslint check" tsl
    report "ESLint (unicorn/no-invalid-response-options)" es
    report "statuslint check --parse-only" tsparse
    ratio "ESLint / statuslint check" es tsl
    ratio "statuslint check / --parse-only" tsl tsparse
fi
