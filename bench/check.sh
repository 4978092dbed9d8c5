#!/bin/sh
# Throughput and memory benchmark of `statuslint check` (numbers in docs/cli.md, "Performance").
#
#   bench/check.sh [MEGABYTES] [RUNS] [LANG]   default: 60 MB, 5 runs, rs (or ts, py, go: a TypeScript,
#                                              Python or Go corpus)
#
# Generates a deterministic corpus (bench/gen_corpus.rs) once, then measures on the same files and cores:
#   (a) `statuslint check`                 the full lint (text report to /dev/null)
#   (b) `statuslint check --parse-only`    read + tree-sitter parse only, same walk and threads
#       (`--no-skip` also lints the files that contain no status token, for comparison)
#   (c) peak RSS of (a) on the whole corpus and on half of it (memory must not grow with size)
#   (d) for Rust, (a) and its peak RSS on copies of the corpus that are Cargo packages, so every file
#       goes through the cross-file index: the corpus as one package, and one package per service;
#       for Go, on a copy that is one Go module (a go.mod at its root)
# Uses hyperfine when installed, else /usr/bin/time (best and median wall time of RUNS, and CPU time).
set -eu
cd "$(dirname "$0")/.."
mb="${1:-60}"
runs="${2:-5}"
lang="${3:-rs}"
target_dir="${CARGO_TARGET_DIR:-target}"
cargo build --release -p statuslint --bin statuslint --example gen_corpus
bin="$target_dir/release/statuslint"
suffix=""
[ "$lang" != rs ] && suffix="-$lang"
corpus="${STATUSLINT_BENCH_CORPUS:-$target_dir/bench-corpus-$mb$suffix}"
if [ ! -d "$corpus" ]; then
    "$target_dir/release/examples/gen_corpus" "$corpus" "$mb" "$lang"
    # A project of its own, as a real one has: else this repository's pyproject.toml, above
    # target/, takes the corpus into its package and `check` indexes the repository too.
    if [ "$lang" = py ]; then
        printf '[project]\nname = "bench-corpus"\nversion = "0.1.0"\n' > "$corpus/pyproject.toml"
    fi

fi
files=$(find "$corpus" -name "*.$lang" | wc -l)
bytes=$(find "$corpus" -name "*.$lang" -exec cat {} + | wc -c)
echo "corpus: $corpus, $files files, $bytes bytes; $(nproc) cores; $("$bin" --version)"
# Warm the page cache so every run reads from memory.
find "$corpus" -name "*.$lang" -exec cat {} + > /dev/null

# time_runs LABEL CMD...: best and median wall time, and CPU time (user + sys: less sensitive to other
# load on the machine) of the best run, over RUNS runs.
time_runs() {
    label="$1"
    shift
    if command -v hyperfine > /dev/null 2>&1; then
        hyperfine --runs "$runs" --warmup 1 -i -N --command-name "$label" "$*"
        return
    fi
    "$@" > /dev/null 2>&1 || true
    stats=$(mktemp)
    i=0
    while [ "$i" -lt "$runs" ]; do
        /usr/bin/time -f '%e %U %S' -a -o "$stats" "$@" > /dev/null 2>&1 || true
        i=$((i + 1))
    done
    grep -E '^[0-9.]+ [0-9.]+ [0-9.]+$' "$stats" | sort -n | awk -v label="$label" -v bytes="$bytes" '
        { wall[NR] = $1; cpu[NR] = $2 + $3 }
        END {
            median = wall[int((NR + 1) / 2)]
            printf "%-34s wall best %6.2f s  median %6.2f s  cpu %6.2f s  %5.1f MB/s\n",
                label, wall[1], median, cpu[1], bytes / 1048576 / wall[1]
        }'
    rm -f "$stats"
}

# peak_rss PATH: maximum resident set size (KB) of a full check of PATH.
peak_rss() {
    /usr/bin/time -v "$bin" check "$1" 2>&1 > /dev/null | awk -F': ' '/Maximum resident set size/ { print $2 }'
}

findings=$("$bin" check "$corpus" --format json 2> /dev/null | grep -c '"rule":' || true)
echo "findings: $findings"
time_runs "check (all cores)" "$bin" check "$corpus"
time_runs "check --no-skip (all cores)" "$bin" check --no-skip "$corpus"
time_runs "parse only (all cores)" "$bin" check --parse-only "$corpus"
time_runs "check (1 thread)" "$bin" check -j 1 "$corpus"
time_runs "parse only (1 thread)" "$bin" check -j 1 --parse-only "$corpus"
half_files=$(find "$corpus/half-a" -name "*.$lang" | wc -l)
echo "peak RSS, half corpus ($half_files files): $(peak_rss "$corpus/half-a") KB"
echo "peak RSS, full corpus ($files files): $(peak_rss "$corpus") KB"

if [ "$lang" = go ]; then
    # The corpus as one Go module: every handler file's calls to its package's helpers resolve
    # through the index, so those files are read (and parsed) a second time.
    one="$corpus-one-module"
    if [ ! -d "$one" ]; then
        cp -r "$corpus" "$one"
        printf 'module bench.example/corpus\n\ngo 1.22\n' > "$one/go.mod"
    fi
    time_runs "check, one module (all cores)" "$bin" check "$one"
    time_runs "check, one module (1 thread)" "$bin" check -j 1 "$one"
    echo "peak RSS, one module ($files files): $(peak_rss "$one") KB"
fi

if [ "$lang" = rs ]; then
    one="$corpus-one-package"
    per="$corpus-packages"
    if [ ! -d "$one" ]; then
        cp -r "$corpus" "$one"
        printf '[package]\nname = "bench-corpus"\nversion = "0.1.0"\n' > "$one/Cargo.toml"
    fi
    if [ ! -d "$per" ]; then
        cp -r "$corpus" "$per"
        for dir in "$per"/half-*/service-*; do
            printf '[package]\nname = "%s"\nversion = "0.1.0"\n' "$(basename "$dir")" > "$dir/Cargo.toml"
        done
    fi
    time_runs "check, one package (all cores)" "$bin" check "$one"
    time_runs "check, package per service" "$bin" check "$per"
    echo "peak RSS, one package ($files files): $(peak_rss "$one") KB"
    echo "peak RSS, package per service: $(peak_rss "$per") KB"
    echo "peak RSS, half of the one package (the whole package is indexed): $(peak_rss "$one/half-a") KB"
fi
