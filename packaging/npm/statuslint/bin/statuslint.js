#!/usr/bin/env node
// The `statuslint` command of the npm package: runs the native binary from the platform package
// npm installed beside this one (an optionalDependency chosen by os, cpu and libc), passing the
// arguments, stdin/stdout/stderr and the exit code through. STATUSLINT_BINARY overrides the path.
"use strict";

const { spawnSync } = require("node:child_process");
const path = require("node:path");

// Kept in step with packaging/npm/platforms.json (the tests check that they agree).
const PACKAGES = {
  "linux-x64-glibc": "@statuslint/cli-linux-x64",
  "linux-arm64-glibc": "@statuslint/cli-linux-arm64",
  "linux-x64-musl": "@statuslint/cli-linux-x64-musl",
  "linux-arm64-musl": "@statuslint/cli-linux-arm64-musl",
  "darwin-x64": "@statuslint/cli-darwin-x64",
  "darwin-arm64": "@statuslint/cli-darwin-arm64",
  "win32-x64": "@statuslint/cli-win32-x64",
};

function libc() {
  // glibc's Node reports the glibc version it runs on; musl's (Alpine) reports none.
  const report = typeof process.report?.getReport === "function" ? process.report.getReport() : null;
  return report?.header?.glibcVersionRuntime ? "glibc" : "musl";
}

function platformKey() {
  const base = `${process.platform}-${process.arch}`;
  return process.platform === "linux" ? `${base}-${libc()}` : base;
}

function binaryPath() {
  if (process.env.STATUSLINT_BINARY) return process.env.STATUSLINT_BINARY;
  const key = platformKey();
  const pkg = PACKAGES[key];
  const exe = process.platform === "win32" ? "statuslint.exe" : "statuslint";
  if (!pkg) {
    fail(
      `statuslint has no binary for this platform (${key}). Prebuilt binaries exist for: ` +
        `${Object.keys(PACKAGES).join(", ")}. Install statuslint with cargo instead ` +
        "(cargo install --locked statuslint) and set STATUSLINT_BINARY to its path.",
    );
  }
  try {
    return require.resolve(`${pkg}/bin/${exe}`);
  } catch {
    fail(
      `the statuslint binary for ${key} is missing: the package ${pkg} is not installed. ` +
        "npm installs it as an optional dependency of statuslint; it is left out by " +
        "--omit=optional / --no-optional, or when node_modules was installed on another platform. " +
        `Reinstall (npm install), or add it yourself: npm install --save-dev ${pkg}`,
    );
  }
}

function fail(message) {
  process.stderr.write(`statuslint (npm): error: ${message}\n`);
  process.exit(2);
}

const bin = binaryPath();
const result = spawnSync(bin, process.argv.slice(2), { stdio: "inherit", windowsHide: true });
if (result.error) {
  fail(`could not run ${path.resolve(bin)}: ${result.error.message}`);
}
if (result.signal) {
  // Die of the same signal, as the binary did.
  process.kill(process.pid, result.signal);
}
process.exit(result.status ?? 2);
