#!/usr/bin/env bash
# The minimum Rust version is real: no locked dependency declares a newer `rust-version` than the
# workspace's (an edition-2024 crate without one needs 1.85), and the README states the same version.
# Reads `cargo metadata --locked`: every package of Cargo.lock that a build of the workspace uses,
# dev-dependencies included (the tests build them too).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
cargo metadata --locked --format-version 1 | python3 -c '
import json, re, sys

def version(text):
    return tuple(int(part) for part in text.split(".")) + (0,) * (3 - len(text.split(".")))

meta = json.load(sys.stdin)
members = set(meta["workspace_members"])
declared = {p["rust_version"] for p in meta["packages"] if p["id"] in members}
if len(declared) != 1 or None in declared:
    sys.exit(f"msrv: the workspace packages must share one rust-version, found {sorted(map(str, declared))}")
declared = declared.pop()
needs = []
for p in meta["packages"]:
    if p["id"] in members:
        continue
    need = p.get("rust_version") or ("1.85" if p["edition"] == "2024" else None)
    if need:
        needs.append((version(need), need, p["name"] + " " + p["version"]))
needs.sort()
top, top_text, top_name = needs[-1]
newer = [f"{name} needs {text}" for v, text, name in needs if v > version(declared)]
if newer:
    sys.exit(f"msrv: rust-version is {declared}, but locked dependencies need more:\n  " + "\n  ".join(newer))
readme = open("README.md", encoding="utf-8").read()
if f"Rust {declared} or newer" not in readme:
    sys.exit(f"msrv: README.md does not say \"Rust {declared} or newer\"")
print(f"msrv: rust-version {declared}; the most demanding locked dependency is {top_name} ({top_text})")
'
