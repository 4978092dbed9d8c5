// End-to-end test of the statuslint extension in real VS Code (code-server) driven through Debian's
// Chromium by playwright-core. run.sh has installed the .vsix and started code-server; this script
// only drives the browser, like a person would:
//   open the workspace and a faulty handler file, wait for the diagnostic in the Problems panel, Ctrl+.
//   on it, pick the quick-fix, read the fixed line back; in the next file, save (fix-on-save removes the
//   204 body and nothing unsafe), check a rule level from the settings, turn the rule off and watch its
//   diagnostic go away.
// Environment: CS_URL, WS (workspace folder: a copy of the example project), CASES (cases.json),
//   USER_SETTINGS (code-server's User/settings.json), ARTIFACTS (screenshot folder),
//   PLAYWRIGHT_CORE, CHROMIUM, README_SHOT (optional: where to save the README screenshot).
import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";

const env = (name) => {
  const v = process.env[name];
  if (!v) throw new Error(`environment variable ${name} is not set`);
  return v;
};
const require = createRequire(import.meta.url);
const { chromium } = require(env("PLAYWRIGHT_CORE"));

const CS_URL = env("CS_URL");
const WS = env("WS");
const ARTIFACTS = env("ARTIFACTS");
const USER_SETTINGS = env("USER_SETTINGS");
// main: the full flow; missing-server: an extension without a bundled server and none on PATH.
const MODE = env("MODE");
const spec = JSON.parse(fs.readFileSync(env("CASES"), "utf8"));
const TIMEOUT = 30_000;

const say = (msg) => console.log(msg);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
// Monaco renders spaces as U+00A0.
const norm = (s) => s.replace(/\u00a0/g, " ");

async function until(what, fn, timeout = TIMEOUT) {
  const deadline = Date.now() + timeout;
  let last;
  while (Date.now() < deadline) {
    try {
      last = await fn();
      if (last) return last;
    } catch (err) {
      last = err;
    }
    await sleep(200);
  }
  throw new Error(`timed out after ${timeout} ms waiting for ${what} (last: ${String(last)})`);
}

let page;
let shot = 0;
async function screenshot(name) {
  const file = path.join(ARTIFACTS, `vscode-${String(++shot).padStart(2, "0")}-${name}.png`);
  await page.screenshot({ path: file });
  say(`   screenshot ${file}`);
}

async function command(title) {
  await page.keyboard.press("F1");
  const input = page.locator(".quick-input-widget input");
  await input.waitFor({ state: "visible", timeout: TIMEOUT });
  await input.fill(`>${title}`);
  await page.locator(".quick-input-list .monaco-list-row", { hasText: title }).first().waitFor({ timeout: TIMEOUT });
  await page.keyboard.press("Enter");
}

async function problemsText() {
  return norm(await page.locator(".markers-panel").innerText({ timeout: 2000 }));
}

async function editorLines() {
  const lines = await page.locator(".monaco-editor .view-lines .view-line").allInnerTexts();
  return lines.map(norm);
}

async function openFile(rel) {
  await until("quick open", async () => {
    await page.keyboard.press("Control+P");
    await page.locator(".quick-input-widget input").waitFor({ state: "visible", timeout: 3000 });
    return true;
  });
  await page.keyboard.type(rel);
  await page.locator(".quick-input-list .monaco-list-row", { hasText: path.basename(rel) }).first().waitFor();
  await page.keyboard.press("Enter");
  const tab = page.locator(".tabs-container .tab.active", { hasText: path.basename(rel) });
  await tab.waitFor({ timeout: TIMEOUT });
  await page.locator(".monaco-editor .view-lines .view-line").first().waitFor({ timeout: TIMEOUT });
  say(`ok: opened ${rel}`);
}

// The Problems panel also lists files that are not open (the server answers workspace diagnostics),
// so a rule is looked for under the case's own file: the rows after that file's header row, up to the
// next header. A header row reads "auth.rssrc" (the file name, then its folder); a problem row and a
// related-information row carry a "[Ln 41, Col 25]".
// Every extension the server reads: a header it did not know would put a file's rows under the one before.
const HEADER = /^[\w.-]+\.(rs|ts|tsx|js|jsx|mjs|cjs|py|go)/;

let currentFile = null;

// The list is virtual: its rows are positioned absolutely and reused, so neither their order in the
// page nor their data-index is sure to be the order on screen (a run that trusted data-index opened
// another file's problem). Rows are read in the order of their position on screen. The row found is
// marked, so the click that follows takes that element and not an index the list may have moved.
async function rowIndexInFile(rule, file = currentFile) {
  return await page.evaluate(
    ({ rule, base, header }) => {
      const re = new RegExp(header);
      const rows = [...document.querySelectorAll(".markers-panel .monaco-list-row")]
        .map((el) => ({ el, top: el.getBoundingClientRect().top, text: el.innerText.replace(/\u00a0/g, " ").trim() }))
        .sort((a, b) => a.top - b.top);
      const isHeader = (t) => !t.includes("[Ln ") && re.test(t);
      for (const r of rows) delete r.el.dataset.statuslintRow;
      // Without a recognisable header row, the whole panel counts (as before workspace diagnostics).
      let inFile = base === null || !rows.some((r) => isHeader(r.text));
      for (let i = 0; i < rows.length; i++) {
        const { el, text } = rows[i];
        if (isHeader(text)) {
          inFile = base === null || text.startsWith(base);
          continue;
        }
        if (inFile && text.includes(rule)) {
          el.dataset.statuslintRow = "";
          return i;
        }
      }
      return -1;
    },
    { rule, base: file === null ? null : path.basename(file), header: HEADER.source },
  );
}

async function ruleShownInFile(rule) {
  return (await rowIndexInFile(rule)) >= 0;
}

// The row of `rule` under the current file, still showing that rule when it is returned (more
// diagnostics arriving can re-render the list between finding a row and using it).
async function problemRow(rule) {
  const row = page.locator(".markers-panel .monaco-list-row[data-statuslint-row]");
  await until(`${rule} under ${currentFile} in the Problems panel`, async () => {
    if ((await rowIndexInFile(rule)) < 0) return false;
    return (await row.innerText({ timeout: 1000 })).includes(rule);
  });
  return row;
}

// Ctrl+. on the diagnostic of `c.rule`, pick `c.action`, read the fixed line back.
async function quickFix(c) {
  // Workspace diagnostics still arriving re-render the list, and a click can land on the row that
  // has just moved under the pointer (seen: another file's problem opened). So the editor's cursor
  // line is checked against the row's "[Ln", and the click repeated if it went elsewhere.
  for (let attempt = 1; ; attempt++) {
    const row = await problemRow(c.rule);
    // The status bar shows where the selection of the revealed range ends: compare the line only.
    const where = /\[(Ln \d+,) Col \d+\]/.exec(norm(await row.innerText()))?.[1];
    await row.click();
    await page.keyboard.press("Enter"); // reveal it in the editor, cursor on the diagnostic
    const tab = page.locator(".tabs-container .tab.active", { hasText: path.basename(currentFile) });
    const arrived = await until(`the cursor at ${where} in ${currentFile}`, async () => {
      const status = norm(await page.locator(".statusbar").innerText({ timeout: 1000 }));
      return (await tab.count()) === 1 && where && status.includes(where);
    }, 5000).catch(() => false);
    if (arrived) break;
    if (attempt === 3) throw new Error(`clicking the ${c.rule} row did not put the cursor at ${where} in ${currentFile}`);
    say(`the click on the ${c.rule} row went elsewhere (attempt ${attempt}); clicking it again`);
  }
  await sleep(300);
  const options = page.locator('.action-widget [role="option"]');
  // On a loaded machine the key can arrive before the editor has focus: press it again, as a user
  // would (a CI run once saw no menu after a single press).
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press("Control+.");
    try {
      await options.first().waitFor({ timeout: 5000 });
      break;
    } catch (e) {
      if (attempt * 5000 >= TIMEOUT) throw e;
      say(`Ctrl+. showed no menu yet (attempt ${attempt}); pressing it again`);
    }
  }
  const titles = (await options.allInnerTexts()).map(norm);
  say(`ok: Ctrl+. offers: ${titles.join(" | ")}`);
  const index = titles.findIndex((t) => t.startsWith(c.action));
  if (index < 0) throw new Error(`no quick-fix starting with "${c.action}" in ${JSON.stringify(titles)}`);
  await screenshot(`quickfix-${c.rule}`);
  if (process.env.README_SHOT && !readmeShotTaken) {
    readmeShotTaken = true;
    // The editor and the top of the Problems panel only, to keep the README image small.
    const editor = await page.locator(".part.editor").boundingBox();
    const panel = await page.locator(".part.panel").boundingBox();
    const clip = {
      x: editor.x,
      y: editor.y,
      width: editor.width,
      height: Math.min(panel.y + 130, panel.y + panel.height) - editor.y,
    };
    await page.screenshot({ path: process.env.README_SHOT, clip });
    say(`   README screenshot ${process.env.README_SHOT}`);
  }
  // The menu opens with the first item focused; move down to ours.
  for (let i = 0; i < index; i++) await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  const fixed = await until(`the fixed line "${c.fixed_line}"`, async () =>
    (await editorLines()).find((l) => l.includes(c.fixed_line)),
  );
  say(`ok: fixed line reads back: ${fixed.trim()}`);
  await until(`${c.rule} to leave the Problems panel`, async () => !(await ruleShownInFile(c.rule)));
  say(`ok: ${c.rule} gone from the Problems panel`);
}

let readmeShotTaken = false;

async function checkFile(file) {
  const abs = path.join(WS, file.path);
  currentFile = file.path;
  await openFile(file.path);
  await command("View: Focus Problems");
  for (const c of file.cases) {
    await until(`${c.rule} in the Problems panel`, async () => await ruleShownInFile(c.rule), 60_000);
  }
  // The panel's text (file rows run their name into their folder) goes to a file, not the log.
  const dump = path.join(ARTIFACTS, `vscode-problems-${MODE}-${path.basename(file.path)}.txt`);
  fs.writeFileSync(dump, await problemsText());
  say(`ok: Problems panel lists ${file.cases.map((c) => c.rule).join(", ")} under ${file.path} (panel text: ${path.basename(dump)})`);
  await screenshot(`problems-${path.basename(file.path)}`);

  // A rule level from statuslint.rules: the row carries the matching severity icon.
  for (const o of file.severity_overrides ?? []) {
    await until(`${o.rule} in the Problems panel`, async () => await ruleShownInFile(o.rule));
    const html = await (await problemRow(o.rule)).innerHTML();
    if (!html.includes(`codicon-${o.severity}`)) {
      throw new Error(`${o.rule}: expected a ${o.severity} icon in its Problems row: ${html.slice(0, 400)}`);
    }
    say(`ok: ${o.rule} shown as ${o.severity} (set in statuslint.rules)`);
  }

  // Guessed (unsafe) fixes are applied one by one with Ctrl+.
  for (const c of file.cases.filter((c) => !c.safe)) await quickFix(c);

  // Safe fixes: fix-on-save (editor.codeActionsOnSave runs source.fixAll.statuslint).
  if (file.fix_on_save) {
    await page.locator(".monaco-editor .view-lines").first().click();
    await page.keyboard.press("Control+S");
    const saved = await until("the saved file to hold the safe fixes", async () => {
      const text = fs.readFileSync(abs, "utf8");
      const done =
        file.fix_on_save.contains.every((t) => text.includes(t)) &&
        !file.fix_on_save.absent.some((t) => text.includes(t));
      return done && text;
    });
    for (const c of file.cases.filter((c) => c.safe)) {
      say(`ok: fix-on-save applied "${c.action}": ${saved.split("\n").find((l) => l.includes(c.fixed_line)).trim()}`);
      await until(`${c.rule} to leave the Problems panel`, async () => !(await ruleShownInFile(c.rule)));
      say(`ok: ${c.rule} gone from the Problems panel`);
    }
  }

  // statuslint.rules applies live: turn the rule off in the workspace settings (.vscode/settings.json).
  const wsSettings = path.join(WS, ".vscode", "settings.json");
  for (const o of file.severity_overrides ?? []) {
    const user = JSON.parse(fs.readFileSync(USER_SETTINGS, "utf8"));
    const settings = JSON.parse(fs.readFileSync(wsSettings, "utf8"));
    settings["statuslint.rules"] = { ...(user["statuslint.rules"] ?? {}), [o.rule]: "off" };
    fs.writeFileSync(wsSettings, JSON.stringify(settings, null, 2));
    await until(`${o.rule} to leave the Problems panel after turning it off`, async () => !(await ruleShownInFile(o.rule)));
    say(`ok: setting ${o.rule} to "off" removed its diagnostic without a restart`);
  }
  await screenshot(`done-${path.basename(file.path)}`);
}

// The pids of the running `statuslint lsp` processes started from the installed extension.
function serverPids() {
  const out = execFileSync("ps", ["-eo", "pid=,args="], { encoding: "utf8" });
  return out
    .split("\n")
    .filter((l) => /\/server\/statuslint lsp\s*$/.test(l))
    .map((l) => l.trim().split(/\s+/)[0]);
}

// "statuslint: Restart Server" replaces the server process, and the new one serves diagnostics.
async function checkRestart() {
  const before = serverPids();
  if (before.length !== 1) throw new Error(`expected one statuslint server process, found ${before.length}`);
  await command("statuslint: Restart Server");
  const after = await until("a new server process", async () => {
    const now = serverPids();
    return now.length === 1 && now[0] !== before[0] && now;
  });
  say(`ok: statuslint: Restart Server replaced server pid ${before[0]} with ${after[0]}`);
  const extra = spec.after_restart;
  await openFile(extra.path);
  await command("View: Focus Problems");
  await until(`${extra.rule} from the restarted server`, async () => (await problemsText()).includes(extra.rule));
  say(`ok: the restarted server reports ${extra.rule} in ${extra.path}`);
}

// No server anywhere: opening a Rust file shows exactly one notification that says how to fix it.
async function checkMissingServer() {
  await openFile(spec.files[0].path);
  const toast = page.locator(".notifications-toasts .notification-toast", { hasText: "statuslint" });
  await toast.first().waitFor({ timeout: TIMEOUT });
  await sleep(3000); // time for a second notification, if the extension wrongly sent one
  const texts = (await toast.allInnerTexts()).map(norm);
  say(`ok: notification: ${texts.join(" / ").replace(/\s+/g, " ")}`);
  await screenshot("missing-server");
  if (texts.length !== 1) throw new Error(`expected one statuslint notification, got ${texts.length}`);
  for (const needed of ["not found", "statuslint.path", "PATH", "Open Settings"]) {
    if (!texts[0].includes(needed)) throw new Error(`the notification does not mention "${needed}": ${texts[0]}`);
  }
  say("ok: one error notification, naming statuslint.path and PATH, with an Open Settings button");
}

async function main() {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const browser = await chromium.launch({
    executablePath: env("CHROMIUM"),
    headless: true,
    timeout: TIMEOUT,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1100, height: 720 } });
    page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT);
    await page.goto(`${CS_URL}/?folder=${encodeURIComponent(WS)}`, { timeout: TIMEOUT });
    await page.locator(".monaco-workbench").waitFor({ timeout: 60_000 });
    say("ok: workbench loaded");
    // More room for the code (and the screenshots): the explorer is not needed.
    await command("View: Close Primary Side Bar");
    if (MODE === "missing-server") {
      await checkMissingServer();
    } else {
      for (const file of spec.files.filter((f) => !f.editors || f.editors.includes("vscode"))) {
        await checkFile(file);
      }
      await checkRestart();
      // A correct setup shows no statuslint notification (warnings about settings, start failures).
      const toasts = await page
        .locator(".notifications-toasts .notification-toast", { hasText: "statuslint" })
        .allInnerTexts();
      if (toasts.length) throw new Error(`statuslint notifications: ${toasts.map(norm).join(" / ")}`);
      say("ok: no statuslint notifications");
    }
  } catch (err) {
    if (page) await screenshot("failure").catch(() => {});
    throw err;
  } finally {
    await browser.close();
  }
}

main().then(
  () => {
    say("PASS");
    process.exit(0);
  },
  (err) => {
    say(`FAIL: ${err?.stack ?? err}`);
    process.exit(1);
  },
);
