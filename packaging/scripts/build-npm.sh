#!/usr/bin/env bash
# build-npm.sh TARGET BINARY OUT_DIR: the npm platform package of TARGET (its os, cpu and libc from
# packaging/npm/platforms.json, BINARY as bin/statuslint[.exe]) packed into OUT_DIR with `npm pack`.
# build-npm.sh --main OUT_DIR: the `statuslint` package itself (the launcher), packed into OUT_DIR.
# Both carry the workspace version; the main package's optionalDependencies name every platform
# package at that version.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
v=$(version)
work=$(mktemp -d "${TMPDIR:-/tmp}/statuslint-npm.XXXXXX")
trap 'rm -rf "$work"' EXIT

if [ "${1:-}" = --main ]; then
    [ $# = 2 ] || die "usage: build-npm.sh --main OUT_DIR"
    out=$2
    cp -r "$REPO/packaging/npm/statuslint" "$work/statuslint"
    cp "$REPO/LICENSE" "$work/statuslint/LICENSE"
    node -e '
      const fs = require("fs");
      const [dir, version, platforms] = process.argv.slice(1);
      const pkg = JSON.parse(fs.readFileSync(`${dir}/package.json`, "utf8"));
      const packages = Object.values(require(platforms).targets).map((t) => t.package).sort();
      const listed = Object.keys(pkg.optionalDependencies).sort();
      if (JSON.stringify(packages) !== JSON.stringify(listed)) {
        console.error(`optionalDependencies ${listed} differ from platforms.json ${packages}`);
        process.exit(1);
      }
      pkg.version = version;
      for (const name of listed) pkg.optionalDependencies[name] = version;
      fs.writeFileSync(`${dir}/package.json`, JSON.stringify(pkg, null, 2) + "\n");
    ' "$work/statuslint" "$v" "$PLATFORMS"
    dir=$work/statuslint
else
    [ $# = 3 ] || die "usage: build-npm.sh TARGET BINARY OUT_DIR"
    target=$1 binary=$2 out=$3
    [ -f "$binary" ] || die "no binary at $binary"
    package=$(target_field "$target" package)
    exe=$(target_field "$target" exe)
    dir=$work/platform
    mkdir -p "$dir/bin"
    cp "$binary" "$dir/bin/$exe"
    chmod 755 "$dir/bin/$exe"
    cp "$REPO/LICENSE" "$dir/LICENSE"
    node -e '
      const fs = require("fs");
      const [dir, version, platforms, target] = process.argv.slice(1);
      const t = require(platforms).targets[target];
      const pkg = {
        name: t.package,
        version,
        description: `The statuslint binary for ${t.os} ${t.cpu}${t.libc ? ` (${t.libc})` : ""}; installed by the statuslint package`,
        license: "MIT",
        homepage: "https://github.com/statuslint/statuslint",
        repository: { type: "git", url: "git+https://github.com/statuslint/statuslint.git" },
        os: [t.os],
        cpu: [t.cpu],
        ...(t.libc ? { libc: [t.libc] } : {}),
        files: [`bin/${t.exe}`],
        preferUnplugged: true,
      };
      fs.writeFileSync(`${dir}/package.json`, JSON.stringify(pkg, null, 2) + "\n");
      fs.writeFileSync(`${dir}/README.md`, `# ${t.package}\n\nThe \`statuslint\` binary for ${t.os} ${t.cpu}${t.libc ? ` (${t.libc})` : ""}. Install the \`statuslint\` package instead: it depends on this package on this platform.\n`);
    ' "$dir" "$v" "$PLATFORMS" "$target"
    echo "build-npm: $package $v"
fi
mkdir -p "$out"
out=$(cd "$out" && pwd)
(cd "$dir" && npm pack --silent --pack-destination "$out" >/dev/null)
ls -1 "$out"/*.tgz
