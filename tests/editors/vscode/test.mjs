// End-to-end test of the statuslint extension in real VS Code (code-server) driven through Debian's
// Chromium by playwright-core. run.sh has installed the .vsix and started code-server; this script
// only drives the browser, like a person would:
//   open the workspace and the faulty file, wait for the diagnostic in the Problems panel, Ctrl+.
//   on it, pick the quick-fix, read the fixed line back, save (fix-on-save removes the 204 body),
//   turn a rule off in the settings and watch its diagnostic go away.
// Environment: CS_URL, WS (workspace folder), FILE_REL (file inside it), CASES (cases.json),
//   USER_SETTINGS (code-server's User/settings.json), ARTIFACTS (screenshot folder),
//   PLAYWRIGHT_CORE, CHROMIUM, README_SHOT (optional: where to save the README screenshot).
import fs from "node:fs";
import path from "node:path";
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
const FILE_REL = env("FILE_REL");
const FILE = path.join(WS, FILE_REL);
const ARTIFACTS = env("ARTIFACTS");
const USER_SETTINGS = env("USER_SETTINGS");
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
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT);
    await page.goto(`${CS_URL}/?folder=${encodeURIComponent(WS)}`, { timeout: TIMEOUT });
    await page.locator(".monaco-workbench").waitFor({ timeout: 60_000 });
    say("ok: workbench loaded");

    // Open the file through Quick Open, as a person would.
    await until("quick open", async () => {
      await page.keyboard.press("Control+P");
      await page.locator(".quick-input-widget input").waitFor({ state: "visible", timeout: 3000 });
      return true;
    });
    await page.keyboard.type(path.basename(FILE_REL));
    await page.locator(".quick-input-list .monaco-list-row", { hasText: path.basename(FILE_REL) }).first().waitFor();
    await page.keyboard.press("Enter");
    const first = spec.cases[0];
    await until("the file in the editor", async () => (await editorLines()).some((l) => l.includes(first.before)));
    say(`ok: opened ${FILE_REL}`);

    await command("View: Focus Problems");
    await until(`${first.rule} in the Problems panel`, async () => (await problemsText()).includes(first.rule), 60_000);
    say(`ok: Problems panel shows:\n${(await problemsText()).replace(/^/gm, "     ")}`);
    await screenshot("problems");

    // The quick-fix: cursor on the diagnostic (click its row in the Problems panel), then Ctrl+.
    const row = page.locator(".markers-panel .monaco-list-row", { hasText: first.rule }).first();
    await row.click();
    await page.keyboard.press("Enter");
    await sleep(300);
    await page.keyboard.press("Control+.");
    const options = page.locator('.action-widget [role="option"]');
    await options.first().waitFor({ timeout: TIMEOUT });
    const titles = (await options.allInnerTexts()).map(norm);
    say(`ok: Ctrl+. offers: ${titles.join(" | ")}`);
    const index = titles.findIndex((t) => t.startsWith(first.action));
    if (index < 0) throw new Error(`no quick-fix starting with "${first.action}" in ${JSON.stringify(titles)}`);
    await screenshot("quickfix-menu");
    if (process.env.README_SHOT) {
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
    const fixed = await until(`the fixed line "${first.after}"`, async () =>
      (await editorLines()).find((l) => l.includes(first.after)),
    );
    say(`ok: fixed line reads back: ${fixed.trim()}`);
    await until(`${first.rule} to leave the Problems panel`, async () => !(await problemsText()).includes(first.rule));
    say(`ok: ${first.rule} gone from the Problems panel`);
    await screenshot("after-quickfix");

    // Fix-on-save: editor.codeActionsOnSave runs source.fixAll.statuslint (safe fixes only).
    const second = spec.cases.find((c) => c.rule === "body-not-allowed");
    await page.locator(".monaco-editor .view-lines").first().click();
    await page.keyboard.press("Control+S");
    const saved = await until("the saved file to contain both fixes", async () => {
      const text = fs.readFileSync(FILE, "utf8");
      return text.includes(first.after) && text.includes(second.after) && !text.includes(second.before) && text;
    });
    const savedLine = saved.split("\n").find((l) => l.includes(second.after));
    say(`ok: fix-on-save removed the body: ${savedLine.trim()}`);
    await until(`${second.rule} to leave the Problems panel`, async () => !(await problemsText()).includes(second.rule));
    say(`ok: ${second.rule} gone from the Problems panel`);

    // statuslint.rules applies live: turn a rule off in the workspace settings (.vscode/settings.json).
    const wsSettings = path.join(WS, ".vscode", "settings.json");
    for (const o of spec.severity_overrides ?? []) {
      await until(`${o.rule} in the Problems panel`, async () => (await problemsText()).includes(o.rule));
      const user = JSON.parse(fs.readFileSync(USER_SETTINGS, "utf8"));
      const settings = JSON.parse(fs.readFileSync(wsSettings, "utf8"));
      settings["statuslint.rules"] = { ...(user["statuslint.rules"] ?? {}), [o.rule]: "off" };
      fs.writeFileSync(wsSettings, JSON.stringify(settings, null, 2));
      await until(`${o.rule} to leave the Problems panel after turning it off`, async () => !(await problemsText()).includes(o.rule));
      say(`ok: setting ${o.rule} to "off" removed its diagnostic without a restart`);
    }
    await screenshot("final");
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
