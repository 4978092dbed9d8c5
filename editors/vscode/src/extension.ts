// The statuslint VS Code extension: finds the `statuslint` binary, starts `statuslint lsp` over
// stdio and keeps the server in step with the `statuslint.*` settings. All linting happens in the server.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as vscode from "vscode";
import {
  DidChangeConfigurationNotification,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
} from "vscode-languageclient/node";

/** The languages the server reads: Rust, TypeScript and JavaScript with and without JSX, Python, Go. */
const LANGUAGES = ["rust", "typescript", "typescriptreact", "javascript", "javascriptreact", "python", "go"];

const SECTION = "statuslint";
const BINARY = process.platform === "win32" ? "statuslint.exe" : "statuslint";

let client: LanguageClient | undefined;
let output: vscode.LogOutputChannel | undefined;
// Serialises start/stop so that a burst of setting changes cannot start two servers.
let queue: Promise<void> = Promise.resolve();

export function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel("statuslint", { log: true });
  context.subscriptions.push(output);

  context.subscriptions.push(
    vscode.commands.registerCommand("statuslint.restart", () =>
      enqueue(async () => {
        await stop();
        await start(context);
      }),
    ),
    vscode.commands.registerCommand("statuslint.showOutput", () => output?.show()),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(`${SECTION}.enable`) || event.affectsConfiguration(`${SECTION}.path`)) {
        void enqueue(async () => {
          await stop();
          await start(context);
        });
      } else if (
        event.affectsConfiguration(`${SECTION}.rules`) ||
        event.affectsConfiguration(`${SECTION}.allowedStatusCodes`)
      ) {
        // Rule levels apply live: no restart, the server re-lints its open documents.
        void enqueue(() => sendSettings());
      }
    }),
  );

  return enqueue(() => start(context));
}

export function deactivate(): Promise<void> {
  return enqueue(() => stop());
}

function enqueue(job: () => Promise<void>): Promise<void> {
  queue = queue.then(job, job).catch((err) => log(`error: ${String(err)}`));
  return queue;
}

function log(message: string): void {
  output?.info(message);
}

/** What the server reads from the settings: `{ rules, allowedStatusCodes }` (it validates the names). */
function serverSettings(): { rules: Record<string, string>; allowedStatusCodes: number[] } {
  const config = vscode.workspace.getConfiguration(SECTION);
  const raw = config.get<Record<string, unknown>>("rules") ?? {};
  const rules: Record<string, string> = {};
  for (const [name, level] of Object.entries(raw)) {
    if (typeof level === "string") {
      rules[name] = level;
    }
  }
  const codes = config.get<unknown[]>("allowedStatusCodes") ?? [];
  const allowedStatusCodes = codes.filter((c): c is number => typeof c === "number" && Number.isInteger(c));
  return { rules, allowedStatusCodes };
}

async function sendSettings(): Promise<void> {
  if (!client?.isRunning()) {
    return;
  }
  const settings = serverSettings();
  log(`settings changed: ${JSON.stringify(settings)}`);
  await client.sendNotification(DidChangeConfigurationNotification.type, {
    settings: { statuslint: settings },
  });
}

/** Where the server binary was found, or why it was not. */
type Found = { path: string; source: string } | { error: string };

function isExecutable(file: string): boolean {
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) {
      return false;
    }
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function expandPath(configured: string): string {
  let p = configured.trim();
  if (p === "~" || p.startsWith("~/")) {
    p = path.join(os.homedir(), p.slice(1));
  }
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  p = p.replace(/\$\{workspaceFolder\}/g, folder ?? "");
  if (!path.isAbsolute(p) && folder) {
    p = path.join(folder, p);
  }
  return p;
}

function findOnPath(): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (dir === "") {
      continue;
    }
    const candidate = path.join(dir, BINARY);
    if (isExecutable(candidate)) {
      return candidate;
    }
  }
  return undefined;
}

/** The `statuslint.path` setting, else the binary bundled in the extension, else `statuslint` on PATH. */
export function findServer(extensionPath: string): Found {
  const configured = vscode.workspace.getConfiguration(SECTION).get<string | null>("path");
  if (configured && configured.trim() !== "") {
    const p = expandPath(configured);
    return isExecutable(p)
      ? { path: p, source: "statuslint.path" }
      : { error: `statuslint.path is set to "${configured}", but ${p} is not an executable file.` };
  }
  const bundled = path.join(extensionPath, "server", BINARY);
  if (fs.existsSync(bundled)) {
    if (!isExecutable(bundled)) {
      // Some unzip paths drop the executable bit of files inside a .vsix.
      try {
        fs.chmodSync(bundled, 0o755);
      } catch {
        // Reported below as "not executable".
      }
    }
    if (isExecutable(bundled)) {
      return { path: bundled, source: "bundled" };
    }
  }
  const onPath = findOnPath();
  if (onPath) {
    return { path: onPath, source: "PATH" };
  }
  return {
    error:
      "The statuslint server was not found: it is not bundled with this extension and `statuslint` is not on PATH. " +
      "Install statuslint and put it on PATH, or set statuslint.path to the binary.",
  };
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  if (client) {
    return;
  }
  const config = vscode.workspace.getConfiguration(SECTION);
  if (!config.get<boolean>("enable", true)) {
    log("statuslint.enable is false: server not started");
    return;
  }
  const found = findServer(context.extensionPath);
  if ("error" in found) {
    log(found.error);
    const choice = await vscode.window.showErrorMessage(found.error, "Open Settings");
    if (choice === "Open Settings") {
      await vscode.commands.executeCommand("workbench.action.openSettings", "statuslint.path");
    }
    return;
  }
  log(`starting ${found.path} lsp (found via ${found.source})`);

  // No `transport` field: the client would append `--stdio`. Plain stdio is the default.
  const serverOptions: ServerOptions = {
    command: found.path,
    args: ["lsp"],
    options: { env: { ...process.env } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      ...LANGUAGES.flatMap((language) => [
        { scheme: "file", language },
        { scheme: "untitled", language },
      ]),
    ],
    initializationOptions: serverSettings(),
    outputChannel: output,
  };
  const next = new LanguageClient(SECTION, "statuslint", serverOptions, clientOptions);
  client = next;
  try {
    await next.start();
  } catch (err) {
    client = undefined;
    const message = `statuslint: the server (${found.path} lsp) failed to start: ${String(err)}`;
    log(message);
    void vscode.window.showErrorMessage(message);
  }
}

async function stop(): Promise<void> {
  const current = client;
  client = undefined;
  if (current) {
    try {
      await current.stop(5000);
    } catch (err) {
      log(`stopping the server: ${String(err)}`);
    }
  }
}
