// `npm run package`: the Linux x64 .vsix with the release statuslint server inside.
//   - STATUSLINT_VSCE_TARGET=darwin-arm64 (or another vsce target below) packages a server built for
//     that platform instead (the release workflow does, through packaging/scripts/build-vsix.sh).
//   - STATUSLINT_BIN=/path/to/statuslint uses that binary; otherwise `cargo build --release` builds
//     it from this repository (CARGO_TARGET_DIR is honoured).
//   - It refuses to write a platform package without a working Linux x64 server: such a package
//     would be broken for everyone who installs it.
// `npm run package:no-server` (`--no-server`): the platform-neutral .vsix without a server, which
// uses `statuslint.path` or `statuslint` on PATH (macOS, Windows, other Linux CPUs).
// Arguments after `--` go to vsce (e.g. `npm run package -- -o out.vsix`).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ext = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const repo = path.resolve(ext, "../..");
const args = process.argv.slice(2);
const noServer = args[0] === "--no-server";
const vsceArgs = noServer ? args.slice(1) : args;
// The README's relative links and screenshot resolve against this folder of the repository.
const base = "https://github.com/statuslint/statuslint";
const urls = [
  "--baseContentUrl", `${base}/blob/HEAD/editors/vscode/`,
  "--baseImagesUrl", `${base}/raw/HEAD/editors/vscode/`,
];

function fail(message) {
  console.error(`package: ERROR: ${message}`);
  process.exit(1);
}

function run(command, commandArgs, options = {}) {
  execFileSync(command, commandArgs, { stdio: "inherit", cwd: ext, ...options });
}

const [major] = process.versions.node.split(".").map(Number);
// @vscode/vsce 4 and its dependencies need Node 22; the tests build with Node 24.
if (major < 22) fail(`Node ${process.versions.node} is too old: building the extension needs Node 22 or newer (the tests use Node 24)`);

const serverDir = path.join(ext, "server");
const vsce = path.join(ext, "node_modules", ".bin", "vsce");
if (!fs.existsSync(vsce)) fail("vsce is not installed: run `npm ci` in editors/vscode first");

if (noServer) {
  fs.rmSync(serverDir, { recursive: true, force: true });
  run(vsce, ["package", "--no-dependencies", ...urls, ...vsceArgs]);
  process.exit(0);
}

let bin = process.env.STATUSLINT_BIN;
if (!bin) {
  console.log("package: cargo build --release -p statuslint");
  try {
    run("cargo", ["build", "--release", "--locked", "-p", "statuslint"], { cwd: repo });
  } catch {
    fail("`cargo build --release` failed; set STATUSLINT_BIN to a Linux x64 statuslint binary to use one built elsewhere");
  }
  bin = path.join(process.env.CARGO_TARGET_DIR || path.join(repo, "target"), "release", "statuslint");
}
bin = path.resolve(bin);
if (!fs.existsSync(bin)) fail(`no statuslint binary at ${bin}`);
// What each vsce target's server must be: its executable format and CPU, checked from the header
// (ELF e_machine 0x3e/0xb7; Mach-O cputype x86_64/arm64; PE "MZ"), so a package never holds a binary
// for another platform.
const TARGETS = {
  "linux-x64": { format: "elf", machine: 0x3e, name: "Linux x64" },
  "linux-arm64": { format: "elf", machine: 0xb7, name: "Linux arm64" },
  "alpine-x64": { format: "elf", machine: 0x3e, name: "Alpine (musl) x64" },
  "alpine-arm64": { format: "elf", machine: 0xb7, name: "Alpine (musl) arm64" },
  "darwin-x64": { format: "macho", machine: 0x01000007, name: "macOS x64" },
  "darwin-arm64": { format: "macho", machine: 0x0100000c, name: "macOS arm64" },
  "win32-x64": { format: "pe", name: "Windows x64" },
};
const target = process.env.STATUSLINT_VSCE_TARGET || "linux-x64";
const spec = TARGETS[target];
if (!spec) fail(`unknown STATUSLINT_VSCE_TARGET ${target}; known: ${Object.keys(TARGETS).join(", ")}`);
const head = Buffer.alloc(20);
const fd = fs.openSync(bin, "r");
fs.readSync(fd, head, 0, 20, 0);
fs.closeSync(fd);
const matches =
  spec.format === "elf"
    ? head.readUInt32BE(0) === 0x7f454c46 && head[4] === 2 && head.readUInt16LE(18) === spec.machine
    : spec.format === "macho"
      ? head.readUInt32LE(0) === 0xfeedfacf && head.readUInt32LE(4) === spec.machine
      : head.toString("latin1", 0, 2) === "MZ";
if (!matches) {
  fail(`${bin} is not a ${spec.name} executable; the ${target} package needs one (or use npm run package:no-server)`);
}
const version = JSON.parse(fs.readFileSync(path.join(ext, "package.json"), "utf8")).version;
// The server must be this version: run it when it runs here, else trust the release build.
const runsHere = target.replace(/^alpine-/, "linux-") === `${process.platform}-${process.arch}`;
let reported = `statuslint ${version}`;
if (runsHere) {
  try {
    reported = execFileSync(bin, ["--version"], { encoding: "utf8" }).trim();
  } catch (err) {
    fail(`${bin} --version failed: ${err.message}`);
  }
}
if (reported !== `statuslint ${version}`) {
  fail(`${bin} reports "${reported}", but the extension is ${version}: build the server of this checkout`);
}

fs.rmSync(serverDir, { recursive: true, force: true });
fs.mkdirSync(serverDir, { recursive: true });
const bundled = path.join(serverDir, spec.format === "pe" ? "statuslint.exe" : "statuslint");
// Stripped: the release profile keeps line tables for profiling (55 MB); without symbols and debug
// info the server is 13 MB. `strip` is binutils' (Debian: binutils, which cargo's linker needs too).
// Other formats come stripped from packaging/scripts/build-binary.sh (Apple's and MSVC's tools).
if (spec.format === "elf") {
  try {
    execFileSync("strip", ["--strip-all", "-o", bundled, bin], { stdio: ["ignore", "inherit", "inherit"] });
  } catch (err) {
    fail(`strip ${bin} failed (${err.message}); install binutils`);
  }
} else {
  fs.copyFileSync(bin, bundled);
}
fs.chmodSync(bundled, 0o755);
const size = (fs.statSync(bundled).size / 1e6).toFixed(1);
// What vsce will pack: the server must be in it (a .vscodeignore change could drop it silently).
const files = execFileSync(vsce, ["ls", "--no-dependencies"], { cwd: ext, encoding: "utf8" }).split("\n");
const packed = `server/${path.basename(bundled)}`;
if (!files.includes(packed)) fail(`${packed} would not be packed (see .vscodeignore)`);
run(vsce, ["package", "--no-dependencies", "--target", target, ...urls, ...vsceArgs]);
console.log(`package: bundled ${reported} from ${bin}, stripped to ${size} MB`);
