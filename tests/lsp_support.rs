//! A small LSP client for the protocol tests and the latency benchmark: it starts `statuslint lsp`
//! as a child process and speaks JSON-RPC with Content-Length framing over its stdio, as an editor
//! does. Every wait is bounded.
#![allow(dead_code)]

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

pub const TIMEOUT: Duration = Duration::from_secs(20);

pub struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    rx: Receiver<(Instant, Value)>,
    next_id: i64,
    /// Notifications and server requests read while waiting for something else.
    pub backlog: VecDeque<(Instant, Value)>,
    /// Requests the server sent us (`client/registerCapability`, ...), in order.
    pub server_requests: Vec<Value>,
    /// What `workspace/configuration` answers.
    pub configuration: Value,
    stderr: Arc<Mutex<String>>,
}

/// The next message and when its last byte was read (before JSON parsing, which is the client's cost).
fn read_message(reader: &mut impl BufRead) -> Option<(Instant, Value)> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length:") {
            length = v.trim().parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    let at = Instant::now();
    Some((at, serde_json::from_slice(&body).ok()?))
}

impl Client {
    /// Starts `binary lsp` with extra environment variables.
    pub fn spawn_binary(binary: &Path, env: &[(&str, &str)]) -> Client {
        let mut cmd = Command::new(binary);
        cmd.arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .env("STATUSLINT_LOG", "info");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("start statuslint lsp");
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(msg) = read_message(&mut reader) {
                if tx.send(msg).is_err() {
                    break;
                }
            }
        });
        let stderr = Arc::new(Mutex::new(String::new()));
        let sink = stderr.clone();
        let mut err = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = err.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        Client {
            stdin: child.stdin.take(),
            child,
            rx,
            next_id: 1,
            backlog: VecDeque::new(),
            server_requests: Vec::new(),
            configuration: Value::Null,
            stderr,
        }
    }

    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn send_raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        stdin.write_all(bytes).expect("write to server");
        stdin.flush().expect("flush");
    }

    pub fn send(&mut self, msg: &Value) {
        let body = serde_json::to_vec(msg).unwrap();
        let mut framed = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        framed.extend_from_slice(&body);
        self.send_raw(&framed);
    }

    /// Sends several notifications in one write, as a fast client's burst arrives.
    pub fn notify_all(&mut self, messages: &[(&str, Value)]) {
        let mut bytes = Vec::new();
        for (method, params) in messages {
            let body = serde_json::to_vec(
                &json!({ "jsonrpc": "2.0", "method": method, "params": params }),
            )
            .unwrap();
            bytes.extend(format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes());
            bytes.extend(body);
        }
        self.send_raw(&bytes);
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Sends a request and returns its id without waiting.
    pub fn send_request(&mut self, method: &str, params: Value) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        id
    }

    /// Sends a request and waits for its response (the whole message: `result` or `error`).
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.send_request(method, params);
        self.response(id)
    }

    pub fn response(&mut self, id: i64) -> Value {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let (at, msg) = self.next_message(deadline).unwrap_or_else(|| {
                panic!(
                    "no response to request {id} within {TIMEOUT:?}; stderr:\n{}",
                    self.stderr()
                )
            });
            if msg.get("method").is_none() && msg["id"] == json!(id) {
                return msg;
            }
            self.backlog.push_back((at, msg));
        }
    }

    /// The next message from the server, answering its requests on the way.
    fn next_message(&mut self, deadline: Instant) -> Option<(Instant, Value)> {
        loop {
            let now = Instant::now();
            if now >= deadline {
                return None;
            }
            match self.rx.recv_timeout(deadline - now) {
                Ok((at, msg)) => {
                    if msg.get("method").is_some() && msg.get("id").is_some() {
                        self.answer_server_request(&msg);
                        continue;
                    }
                    return Some((at, msg));
                }
                Err(RecvTimeoutError::Timeout) => return None,
                Err(RecvTimeoutError::Disconnected) => return None,
            }
        }
    }

    fn answer_server_request(&mut self, msg: &Value) {
        let result = match msg["method"].as_str() {
            Some("workspace/configuration") => {
                let n = msg["params"]["items"].as_array().map_or(1, Vec::len);
                Value::Array(vec![self.configuration.clone(); n])
            }
            _ => Value::Null,
        };
        self.server_requests.push(msg.clone());
        let id = msg["id"].clone();
        self.send(&json!({ "jsonrpc": "2.0", "id": id, "result": result }));
    }

    /// Waits for a notification `method` whose params satisfy `pred`; earlier ones that do not are
    /// kept in the backlog.
    pub fn wait_for(
        &mut self,
        method: &str,
        timeout: Duration,
        pred: impl Fn(&Value) -> bool,
    ) -> Option<(Instant, Value)> {
        if let Some(i) = self
            .backlog
            .iter()
            .position(|(_, m)| m["method"] == method && pred(&m["params"]))
        {
            return self.backlog.remove(i);
        }
        let deadline = Instant::now() + timeout;
        while let Some((at, msg)) = self.next_message(deadline) {
            if msg["method"] == method && pred(&msg["params"]) {
                return Some((at, msg));
            }
            self.backlog.push_back((at, msg));
        }
        None
    }

    /// Waits until the server has sent a request `method` after the first `since` requests.
    pub fn wait_server_request(&mut self, method: &str, since: usize) -> bool {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if self.server_requests[since.min(self.server_requests.len())..]
                .iter()
                .any(|r| r["method"] == method)
            {
                return true;
            }
            let Some(left) = deadline.checked_duration_since(Instant::now()) else {
                return false;
            };
            match self.rx.recv_timeout(left) {
                Ok((at, msg)) => {
                    if msg.get("method").is_some() && msg.get("id").is_some() {
                        self.answer_server_request(&msg);
                    } else {
                        self.backlog.push_back((at, msg));
                    }
                }
                Err(_) => return false,
            }
        }
    }

    /// Waits for any message satisfying `pred` (e.g. a response without an id).
    pub fn wait_message(
        &mut self,
        timeout: Duration,
        pred: impl Fn(&Value) -> bool,
    ) -> Option<(Instant, Value)> {
        if let Some(i) = self.backlog.iter().position(|(_, m)| pred(m)) {
            return self.backlog.remove(i);
        }
        let deadline = Instant::now() + timeout;
        while let Some((at, msg)) = self.next_message(deadline) {
            if pred(&msg) {
                return Some((at, msg));
            }
            self.backlog.push_back((at, msg));
        }
        None
    }

    /// The diagnostics published for `uri` at `version`.
    pub fn diagnostics(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let found = self.wait_for("textDocument/publishDiagnostics", TIMEOUT, |p| {
            p["uri"] == uri && p["version"] == version
        });
        let (_, msg) = found.unwrap_or_else(|| {
            panic!(
                "no diagnostics for {uri} version {version}; stderr:\n{}",
                self.stderr()
            )
        });
        msg["params"]["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// `initialize` + `initialized`; returns the `initialize` result.
    pub fn initialize(&mut self, capabilities: Value, options: Value) -> Value {
        let response = self.request(
            "initialize",
            json!({
                "processId": std::process::id(),
                "rootUri": null,
                "capabilities": capabilities,
                "initializationOptions": options,
            }),
        );
        self.notify("initialized", json!({}));
        response["result"].clone()
    }

    /// `initialize` (with `root` as the workspace folder) + `initialized`; returns the result.
    pub fn initialize_in(&mut self, capabilities: Value, options: Value, root: &Path) -> Value {
        let uri = file_uri(root);
        let response = self.request(
            "initialize",
            json!({
                "processId": std::process::id(),
                "rootUri": uri,
                "workspaceFolders": [{ "uri": uri, "name": "workspace" }],
                "capabilities": capabilities,
                "initializationOptions": options,
            }),
        );
        self.notify("initialized", json!({}));
        response["result"].clone()
    }

    /// Waits for `$/progress` `end` of the workspace index (the client must declare
    /// `window.workDoneProgress`); returns every progress value seen for its token, in order.
    pub fn indexing_done(&mut self) -> Vec<Value> {
        let mut seen = Vec::new();
        let deadline = Instant::now() + TIMEOUT;
        while Instant::now() < deadline {
            let Some((_, msg)) = self.wait_for("$/progress", deadline - Instant::now(), |p| {
                p["token"] == "statuslint/indexing"
            }) else {
                break;
            };
            let value = msg["params"]["value"].clone();
            let end = value["kind"] == "end";
            seen.push(value);
            if end {
                return seen;
            }
        }
        panic!(
            "indexing did not end within {TIMEOUT:?}: {seen:?}; stderr:\n{}",
            self.stderr()
        );
    }

    /// Waits for a `publishDiagnostics` for `uri` whose diagnostics satisfy `pred`; returns them.
    pub fn diagnostics_where(&mut self, uri: &str, pred: impl Fn(&[Value]) -> bool) -> Vec<Value> {
        let found = self.wait_for("textDocument/publishDiagnostics", TIMEOUT, |p| {
            p["uri"] == uri && pred(p["diagnostics"].as_array().map_or(&[][..], Vec::as_slice))
        });
        let (_, msg) = found.unwrap_or_else(|| {
            panic!(
                "no matching diagnostics for {uri}; stderr:\n{}",
                self.stderr()
            )
        });
        msg["params"]["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// `diagnostics_where` for the newest state: the publishes for `uri` received before the
    /// matching one are dropped, so that a later wait cannot match a result the server has since
    /// replaced (an editor shows only the last one).
    pub fn latest_diagnostics_where(
        &mut self,
        uri: &str,
        pred: impl Fn(&[Value]) -> bool,
    ) -> Vec<Value> {
        let publish_for = |m: &Value| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
        };
        let queued = self.backlog.iter().position(|(_, m)| {
            publish_for(m)
                && pred(
                    m["params"]["diagnostics"]
                        .as_array()
                        .map_or(&[][..], Vec::as_slice),
                )
        });
        let found = self.diagnostics_where(uri, &pred);
        // Matched in the backlog: what came before it is older; matched on arrival: all of it is.
        let older = queued.unwrap_or(self.backlog.len());
        let mut i = 0;
        self.backlog.retain(|(_, m)| {
            i += 1;
            i > older || !publish_for(m)
        });
        found
    }

    /// The diagnostics of every publish for `uri` from now until the server has sent nothing for
    /// `quiet` (at most `TIMEOUT`), oldest first, with those already in the backlog; they leave it.
    pub fn publishes_until_quiet(&mut self, uri: &str, quiet: Duration) -> Vec<Vec<Value>> {
        let deadline = Instant::now() + TIMEOUT;
        while let Some(message) = self.next_message((Instant::now() + quiet).min(deadline)) {
            self.backlog.push_back(message);
        }
        let mut out = Vec::new();
        self.backlog.retain(|(_, m)| {
            let publish =
                m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri;
            if publish {
                out.push(
                    m["params"]["diagnostics"]
                        .as_array()
                        .cloned()
                        .unwrap_or_default(),
                );
            }
            !publish
        });
        out
    }

    pub fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": language_id(uri), "version": 1, "text": text } }),
        );
    }

    /// `shutdown`, then `exit` with stdin left open; the exit status if the process ended in time.
    pub fn shutdown_and_exit(&mut self, within: Duration) -> Option<ExitStatus> {
        let response = self.request("shutdown", Value::Null);
        assert!(response.get("error").is_none(), "{response}");
        self.notify("exit", Value::Null);
        self.wait_exit(within)
    }

    pub fn wait_exit(&mut self, within: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + within;
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            if Instant::now() >= deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    /// CPU time (user + system) the server process has used, from /proc (Linux).
    pub fn cpu_time(&self) -> Option<Duration> {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.child.id())).ok()?;
        // Fields after the command name (which may contain spaces) start after the last ')'.
        let rest = &stat[stat.rfind(')')? + 2..];
        let fields: Vec<&str> = rest.split_whitespace().collect();
        let ticks: u64 =
            fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
        // USER_HZ is 100 on Linux.
        Some(Duration::from_millis(ticks * 10))
    }

    /// Resident memory of the server process, from /proc (Linux), in KiB.
    pub fn rss_kib(&self) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.split_whitespace().next()?.parse().ok())
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The `file://` URI of an absolute path.
pub fn file_uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// Writes `files` (relative path, text) under `root`, creating folders.
pub fn write_tree(root: &Path, files: &[(&str, &str)]) {
    for (path, text) in files {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

/// Capabilities of a plain client: UTF-16 only, push diagnostics, no dynamic registration.
pub fn basic_capabilities() -> Value {
    json!({
        "general": { "positionEncodings": ["utf-16"] },
        "textDocument": {
            "publishDiagnostics": { "versionSupport": true },
            "codeAction": { "codeActionLiteralSupport": { "codeActionKind": { "valueSet": ["quickfix", "source", "source.fixAll"] } } },
            "hover": { "contentFormat": ["markdown", "plaintext"] },
        },
        "workspace": { "workspaceEdit": { "documentChanges": true } },
    })
}

/// The byte offset of an LSP position counted in UTF-16 units (or UTF-8 bytes), written independently
/// of the server's line index so the tests check it.
pub fn offset_of(text: &str, line: u64, character: u64, utf8: bool) -> usize {
    let mut start = 0;
    for _ in 0..line {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let mut units = 0u64;
    for (i, ch) in text[start..end].char_indices() {
        if units >= character {
            return start + i;
        }
        units += if utf8 {
            ch.len_utf8() as u64
        } else {
            ch.len_utf16() as u64
        };
    }
    end
}

/// The LSP position of a byte offset.
pub fn position_of(text: &str, offset: usize, utf8: bool) -> Value {
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col: usize = if utf8 {
        offset - line_start
    } else {
        before[line_start..].encode_utf16().count()
    };
    json!({ "line": line, "character": col })
}

/// The parameters of a `didChange` that turns `uri` into version `version` by `changes`, a JSON array
/// of content changes.
pub fn did_change(uri: &str, version: i64, changes: impl Into<Value>) -> Value {
    json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": changes.into() })
}

pub fn range_of(text: &str, start: usize, end: usize, utf8: bool) -> Value {
    json!({ "start": position_of(text, start, utf8), "end": position_of(text, end, utf8) })
}

/// Applies LSP text edits (non-overlapping, as a server must send them) to `text`.
pub fn apply_text_edits(text: &str, edits: &[Value], utf8: bool) -> String {
    let mut spans: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            let r = &e["range"];
            let s = offset_of(
                text,
                r["start"]["line"].as_u64().unwrap(),
                r["start"]["character"].as_u64().unwrap(),
                utf8,
            );
            let t = offset_of(
                text,
                r["end"]["line"].as_u64().unwrap(),
                r["end"]["character"].as_u64().unwrap(),
                utf8,
            );
            (s, t, e["newText"].as_str().unwrap().to_string())
        })
        .collect();
    spans.sort_by_key(|(s, t, _)| (*s, *t));
    let mut out = text.to_string();
    for (s, t, new) in spans.iter().rev() {
        out.replace_range(*s..*t, new);
    }
    out
}

/// The text edits of a `WorkspaceEdit` for `uri` (either shape).
pub fn edits_for(edit: &Value, uri: &str) -> Vec<Value> {
    if let Some(changes) = edit["documentChanges"].as_array() {
        return changes
            .iter()
            .filter(|c| c["textDocument"]["uri"] == uri)
            .flat_map(|c| c["edits"].as_array().cloned().unwrap_or_default())
            .collect();
    }
    edit["changes"][uri].as_array().cloned().unwrap_or_default()
}

/// The language id an editor sends for a file of this name.
pub fn language_id(uri: &str) -> &'static str {
    match uri.rsplit('.').next() {
        Some("ts" | "mts" | "cts") => "typescript",
        Some("tsx") => "typescriptreact",
        Some("js" | "mjs" | "cjs") => "javascript",
        Some("jsx") => "javascriptreact",
        Some("py") => "python",
        Some("go") => "go",
        _ => "rust",
    }
}

/// A small deterministic generator (xorshift), so a failing run reproduces from its seed.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}
