//! The language server equals the CLI: every reproducer of a disagreement (shared/repro) and a
//! randomized campaign of edits, opens, closes and watched-file events, each compared with
//! `statuslint check` run on the same texts.

mod lsp_support;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use lsp_support::*;
use serde_json::{json, Value};

fn binary() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_statuslint"))
}

/// One diagnostic as a user sees it: (rule, start line, start column, end line, end column), lines
/// and columns 0-based (the fixtures are ASCII, so UTF-16 columns are characters).
type Shown = (String, u64, u64, u64, u64);

/// Diagnostics by file (relative path), files without any left out.
type State = BTreeMap<String, BTreeSet<Shown>>;

/// A workspace on disk, the texts the editor holds open over it, and a mirror folder where `check`
/// reads the same texts.
struct Workspace {
    _dir: tempfile::TempDir,
    root: PathBuf,
    mirror: PathBuf,
    /// Text on disk, by relative path.
    disk: BTreeMap<String, String>,
    /// Open documents: text and version.
    open: BTreeMap<String, (String, i64)>,
}

impl Workspace {
    fn new(files: &[(&str, &str)]) -> Workspace {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().canonicalize().unwrap();
        let root = base.join("ws");
        let mirror = base.join("mirror");
        write_tree(&root, files);
        write_tree(&mirror, files);
        Workspace {
            _dir: dir,
            root,
            mirror,
            disk: files
                .iter()
                .map(|(p, t)| (p.to_string(), t.to_string()))
                .collect(),
            open: BTreeMap::new(),
        }
    }

    fn uri(&self, path: &str) -> String {
        file_uri(&self.root.join(path))
    }

    /// The text the editor sees for `path`.
    fn text(&self, path: &str) -> &str {
        match self.open.get(path) {
            Some((text, _)) => text,
            None => &self.disk[path],
        }
    }

    fn sync_mirror(&self, path: &str) {
        std::fs::write(self.mirror.join(path), self.text(path)).unwrap();
    }

    fn open(&mut self, c: &mut Client, path: &str) {
        let text = self.disk[path].clone();
        c.open(&self.uri(path), &text);
        self.open.insert(path.to_string(), (text, 1));
        self.sync_mirror(path);
    }

    fn close(&mut self, c: &mut Client, path: &str) {
        self.open.remove(path);
        c.notify(
            "textDocument/didClose",
            json!({ "textDocument": { "uri": self.uri(path) } }),
        );
        self.sync_mirror(path);
    }

    /// Replaces `start..end` (bytes) of the open document `path` with `new`, as one `didChange`.
    fn change(&mut self, c: &mut Client, path: &str, start: usize, end: usize, new: &str) {
        let uri = self.uri(path);
        let (text, version) = self.open.get_mut(path).expect("open");
        let range = range_of(text, start, end, false);
        *version += 1;
        text.replace_range(start..end, new);
        c.notify(
            "textDocument/didChange",
            did_change(&uri, *version, json!([{ "range": range, "text": new }])),
        );
        self.sync_mirror(path);
    }

    /// Writes `text` to the closed file `path` on disk and tells the server, as a file watcher does.
    fn write_on_disk(&mut self, c: &mut Client, path: &str, text: &str) {
        std::fs::write(self.root.join(path), text).unwrap();
        self.disk.insert(path.to_string(), text.to_string());
        c.notify(
            "workspace/didChangeWatchedFiles",
            json!({ "changes": [{ "uri": self.uri(path), "type": 2 }] }),
        );
        self.sync_mirror(path);
    }

    /// What `check` reports on the mirror.
    fn cli(&self) -> State {
        let out = Command::new(binary())
            .args(["check", "--format", "json", "."])
            .current_dir(&self.mirror)
            .output()
            .expect("run check");
        let found: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "check printed no JSON ({e}): {}\n{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            )
        });
        let mut state = State::new();
        for d in found.as_array().unwrap() {
            let at = |p: &str, k: &str| d["range"][p][k].as_u64().unwrap() - 1;
            state
                .entry(d["path"].as_str().unwrap().to_string())
                .or_default()
                .insert((
                    d["rule"].as_str().unwrap().to_string(),
                    at("start", "line"),
                    at("start", "column"),
                    at("end", "line"),
                    at("end", "column"),
                ));
        }
        state
    }

    /// What the server reports: pulled for each open document, and `workspace/diagnostic` for the
    /// rest.
    fn server(&self, c: &mut Client) -> State {
        let mut state = State::new();
        let shown = |items: &[Value]| -> BTreeSet<Shown> {
            items
                .iter()
                .map(|d| {
                    let at = |p: &str, k: &str| d["range"][p][k].as_u64().unwrap();
                    (
                        d["code"].as_str().unwrap_or_default().to_string(),
                        at("start", "line"),
                        at("start", "character"),
                        at("end", "line"),
                        at("end", "character"),
                    )
                })
                .collect()
        };
        let response = c.request(
            "workspace/diagnostic",
            json!({ "identifier": "statuslint", "previousResultIds": [] }),
        );
        let prefix = format!("{}/", file_uri(&self.root));
        for report in response["result"]["items"].as_array().unwrap() {
            let uri = report["uri"].as_str().unwrap();
            let path = uri.strip_prefix(&prefix).unwrap_or(uri).to_string();
            let items = shown(report["items"].as_array().unwrap());
            if !items.is_empty() && !self.open.contains_key(&path) {
                state.insert(path, items);
            }
        }
        for path in self.open.keys() {
            let response = c.request(
                "textDocument/diagnostic",
                json!({ "textDocument": { "uri": self.uri(path) } }),
            );
            let items = shown(response["result"]["items"].as_array().unwrap());
            if !items.is_empty() {
                state.insert(path.clone(), items);
            }
        }
        state
    }

    /// Waits until the server reports what `check` reports (the server refreshes dependents in the
    /// background); the last two states when it does not within `limit`.
    fn converge(&self, c: &mut Client, limit: Duration) -> Result<State, (State, State)> {
        let expected = self.cli();
        let deadline = Instant::now() + limit;
        loop {
            let found = self.server(c);
            if found == expected {
                return Ok(expected);
            }
            if Instant::now() >= deadline {
                return Err((expected, found));
            }
            std::thread::sleep(Duration::from_millis(40));
        }
    }

    fn assert_converges(&self, c: &mut Client, what: &str) -> State {
        self.converge(c, Duration::from_secs(8))
            .unwrap_or_else(|(expected, found)| {
                panic!(
                    "{what}: the server differs from check\ncheck:  {expected:?}\nserver: {found:?}\ntexts: {:#?}",
                    self.disk
                        .keys()
                        .map(|p| (p.clone(), self.text(p).to_string()))
                        .collect::<BTreeMap<_, _>>()
                )
            })
    }
}

/// A pull client with progress, started on `ws`, its index built.
fn server_on(ws: &Workspace) -> Client {
    let mut caps = basic_capabilities();
    caps["textDocument"]["diagnostic"] = json!({ "dynamicRegistration": false });
    caps["workspace"]["diagnostics"] = json!({ "refreshSupport": true });
    caps["window"] = json!({ "workDoneProgress": true });
    let mut c = Client::spawn_binary(binary(), &[]);
    c.initialize_in(caps, Value::Null, &ws.root);
    c.indexing_done();
    c
}

const MANIFEST: &str = "[package]\nname = \"m\"\nversion = \"0.1.0\"\nedition = \"2021\"\n";
const LIB: &str = "pub mod util;\npub mod h;\n";

/// The repro packages: a helper module `src/util.rs` and a handler module `src/h.rs`, on a server.
fn helper_and_handler(util: &str, h: &str) -> (Workspace, Client) {
    let ws = Workspace::new(&[
        ("Cargo.toml", MANIFEST),
        ("src/lib.rs", LIB),
        ("src/util.rs", util),
        ("src/h.rs", h),
    ]);
    let c = server_on(&ws);
    (ws, c)
}

fn rules(state: &State, path: &str) -> Vec<String> {
    state
        .get(path)
        .map(|d| d.iter().map(|s| s.0.clone()).collect())
        .unwrap_or_default()
}

/// shared/repro L1: a helper imported under an alias; then the helper gets an `Allow` header in
/// the editor, then is renamed: the aliased caller follows each change, as a fresh `check` does.
#[test]
fn repro_l1_an_aliased_import_follows_the_helper_through_edits() {
    let util = "pub fn json_error(status: StatusCode, message: &str) -> Response {\n    (status, message.to_string()).into_response()\n}\n";
    let h = "use crate::util::json_error as je;\npub async fn f() -> Response {\n    je(StatusCode::METHOD_NOT_ALLOWED, \"m\")\n}\n";
    let (mut ws, mut c) = helper_and_handler(util, h);
    let state = ws.assert_converges(&mut c, "nothing open");
    assert_eq!(rules(&state, "src/h.rs"), ["missing-allow"]);
    ws.open(&mut c, "src/h.rs");
    ws.assert_converges(&mut c, "h.rs open");
    ws.open(&mut c, "src/util.rs");
    let at = util.find("(status, ").unwrap();
    ws.change(
        &mut c,
        "src/util.rs",
        at,
        at,
        "(status, [(\"Allow\", \"GET\")], ",
    );
    let state = ws.assert_converges(&mut c, "Allow added to the helper");
    assert!(state.is_empty(), "{state:?}");
    // Renamed: the alias names nothing.
    let text = ws.text("src/util.rs").to_string();
    let name = text.find("json_error").unwrap();
    ws.change(&mut c, "src/util.rs", name, name + 10, "json_reply");
    ws.assert_converges(&mut c, "helper renamed");
    ws.close(&mut c, "src/h.rs");
    ws.assert_converges(&mut c, "h.rs closed");
}

/// shared/repro L2: two definitions of one function name in one file, one of them recursive (no
/// summary): the call resolves to neither, in the server (the file open or not) and in `check`.
#[test]
fn repro_l2_two_definitions_of_one_name_resolve_to_neither() {
    let util = "pub fn json_error(status: StatusCode, message: &str) -> Response {\n    json_error(status, message)\n}\n\
fn added() { crate::util::json_error(StatusCode::METHOD_NOT_ALLOWED, \"a\") }\n\
pub fn json_error(status: StatusCode, message: &str) -> Response {\n    (status, message.to_string()).into_response()\n}\n";
    let mut ws = Workspace::new(&[
        ("Cargo.toml", MANIFEST),
        ("src/lib.rs", "pub mod util;\n"),
        ("src/util.rs", util),
    ]);
    let mut c = server_on(&ws);
    let state = ws.assert_converges(&mut c, "nothing open");
    assert!(state.is_empty(), "{state:?}");
    ws.open(&mut c, "src/util.rs");
    ws.assert_converges(&mut c, "util.rs open");
    // The first definition removed: one definition left, and the call resolves to it.
    let end = util.find("fn added").unwrap();
    ws.change(&mut c, "src/util.rs", 0, end, "");
    let state = ws.assert_converges(&mut c, "one definition left");
    assert_eq!(rules(&state, "src/util.rs"), ["missing-allow"]);
}

/// shared/repro L4: a helper handing its status to another through a `crate::` path: reported in
/// the closed caller whether the helpers' file is open or not.
#[test]
fn repro_l4_a_chain_is_followed_whether_its_file_is_open_or_not() {
    let util = "pub fn json_error(status: StatusCode, message: &str) -> Response {\n    crate::util::reply(status)\n}\n\npub fn reply(status: StatusCode) -> Response {\n    (status, \"body\").into_response()\n}\n";
    let h = "pub async fn f() -> Response { crate::util::json_error(StatusCode::PARTIAL_CONTENT, \"d\") }\n";
    let (mut ws, mut c) = helper_and_handler(util, h);
    let state = ws.assert_converges(&mut c, "nothing open");
    assert_eq!(rules(&state, "src/h.rs"), ["missing-content-range"]);
    ws.open(&mut c, "src/util.rs");
    ws.assert_converges(&mut c, "util.rs open");
    ws.close(&mut c, "src/util.rs");
    ws.assert_converges(&mut c, "util.rs closed again");
    // Changed on disk: the end of the chain now sends the header.
    let ranged = util.replace(
        "(status, \"body\")",
        "(status, [(\"Content-Range\", \"bytes 0-3/9\")], \"body\")",
    );
    ws.write_on_disk(&mut c, "src/util.rs", &ranged);
    let state = ws.assert_converges(&mut c, "the header added on disk");
    assert!(state.is_empty(), "{state:?}");
}

/// shared/repro L5: the helper edited into one that calls itself: its callers' findings go, open
/// or closed, as in a fresh `check`; and come back when it is edited back.
#[test]
fn repro_l5_a_helper_that_becomes_recursive_has_no_summary_left() {
    let before = "pub fn json_error(status: StatusCode, message: &str) -> Response {\n    (status, Json(json!({ \"error\": message }))).into_response()\n}\n";
    let body = "(status, Json(json!({ \"error\": message }))).into_response()";
    let h = "pub async fn f() -> Response {\n    crate::util::json_error(StatusCode::METHOD_NOT_ALLOWED, \"m\")\n}\n";
    let (mut ws, mut c) = helper_and_handler(before, h);
    ws.open(&mut c, "src/util.rs");
    let state = ws.assert_converges(&mut c, "util.rs open");
    assert_eq!(rules(&state, "src/h.rs"), ["missing-allow"]);
    let at = before.find(body).unwrap();
    ws.change(
        &mut c,
        "src/util.rs",
        at,
        at + body.len(),
        "json_error(status, message)",
    );
    let state = ws.assert_converges(&mut c, "the helper calls itself (h.rs closed)");
    assert!(state.is_empty(), "{state:?}");
    ws.open(&mut c, "src/h.rs");
    ws.assert_converges(&mut c, "h.rs open");
    let text = ws.text("src/util.rs").to_string();
    let at = text.find("json_error(status, message)").unwrap();
    ws.change(&mut c, "src/util.rs", at, at + 27, body);
    let state = ws.assert_converges(&mut c, "the helper as before");
    assert_eq!(rules(&state, "src/h.rs"), ["missing-allow"]);
}

/// The generated workspace: a Cargo package whose handlers use helpers of other modules (plain,
/// aliased, chained), an npm package (`web/`) with Express routes, an error middleware and
/// helpers in other modules, in JavaScript and TypeScript, and a Python package (`py/`) with a
/// FastAPI app (a route's dependency) and a Flask app.
const CAMPAIGN: &[(&str, &str)] = &[
    ("Cargo.toml", MANIFEST),
    ("src/lib.rs", "pub mod util;\npub mod h;\npub mod local;\n"),
    (
        "src/util.rs",
        "use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

pub fn json_error(status: StatusCode, message: &str) -> Response {
    (status, message.to_string()).into_response()
}

pub fn chained(status: StatusCode, message: &str) -> Response {
    crate::util::reply(status, message)
}

pub fn reply(status: StatusCode, message: &str) -> Response {
    (status, [(\"Cache-Control\", \"no-store\")], message.to_string()).into_response()
}

pub fn challenge(status: StatusCode) -> Response {
    (status, [(\"WWW-Authenticate\", \"Bearer\")], \"login\").into_response()
}
",
    ),
    (
        "src/h.rs",
        "use axum::http::StatusCode;
use axum::response::Response;
use crate::util::json_error as je;
use crate::util::{challenge, chained};

pub async fn login() -> Response {
    crate::util::json_error(StatusCode::UNAUTHORIZED, \"who\")
}

pub async fn method() -> Response {
    je(StatusCode::METHOD_NOT_ALLOWED, \"no\")
}

pub async fn part() -> Response {
    chained(StatusCode::PARTIAL_CONTENT, \"some\")
}

pub async fn asked() -> Response {
    challenge(StatusCode::UNAUTHORIZED)
}
",
    ),
    (
        "src/local.rs",
        "use axum::{http::StatusCode, response::IntoResponse};

pub async fn deleted() -> impl IntoResponse {
    (StatusCode::NO_CONTENT, \"gone\")
}

pub async fn moved() -> impl IntoResponse {
    StatusCode::FOUND
}
",
    ),
    (
        "web/package.json",
        "{ \"name\": \"web\", \"main\": \"src/app.js\" }",
    ),
    (
        "web/src/app.js",
        "const express = require('express');
const users = require('./routes/users');

const app = express();
app.use('/users', users);

app.use((err, req, res, next) => {
  res.status(err.status || 500).json({ message: err.message });
});

module.exports = app;
",
    ),
    (
        "web/src/routes/users.js",
        "const { Router } = require('express');
const { findThing, challenge } = require('../lib/things');

const router = Router();

router.get('/me', (req, res, next) => {
  if (!req.user) {
    return next({ status: 401, message: 'login required' });
  }
  res.json(req.user);
});

router.get('/things/:id', (req, res) => {
  const thing = findThing(req.params.id);
  res.status(thing.status).json(thing.body);
});

router.get('/secret', (req, res) => {
  challenge(res);
  res.status(401).json({ error: 'log in' });
});

module.exports = router;
",
    ),
    (
        "web/src/lib/things.js",
        "function findThing(id) {
  if (!id) {
    return { status: 401, body: { error: 'no key' } };
  }
  return { status: 200, body: { id } };
}

function challenge(res) {
  res.set('WWW-Authenticate', 'Basic realm=\"api\"');
}

module.exports = { findThing, challenge };
",
    ),
    (
        "web/src/api.ts",
        "import express, { Request, Response } from 'express';

export const api = express.Router();

api.delete('/items/:id', (req: Request, res: Response) => {
  res.status(204).json({ deleted: true });
});

api.get('/old', (req: Request, res: Response) => {
  res.status(301).send('moved');
});
",
    ),
    (
        "py/pyproject.toml",
        "[project]\nname = \"py\"\nversion = \"0.1.0\"\n",
    ),
    ("py/app/__init__.py", "# the app package\n"),
    (
        "py/app/deps.py",
        "from fastapi import HTTPException


def verify_key(key: str = \"\"):
    if not key:
        raise HTTPException(status_code=401, detail=\"no key\")
    return key
",
    ),
    (
        "py/app/main.py",
        "from fastapi import Depends, FastAPI, HTTPException
from fastapi.responses import JSONResponse, Response

from .deps import verify_key

app = FastAPI()


def current_user(token: str = \"\"):
    if not token:
        raise HTTPException(status_code=401, detail=\"who\")
    return token


@app.get(\"/me\")
async def me(user: str = Depends(current_user)):
    return {\"user\": user}


@app.get(\"/keyed\")
async def keyed(key: str = Depends(verify_key)):
    return {\"key\": key}


@app.delete(\"/items/{item_id}\", status_code=204)
async def delete_item(item_id: int):
    return JSONResponse(status_code=204, content={\"deleted\": item_id})


@app.get(\"/old\")
async def old():
    return Response(status_code=301)
",
    ),
    (
        "py/app/admin.py",
        "from flask import Flask, abort

admin = Flask(__name__)


@admin.route(\"/reports\", methods=[\"GET\", \"POST\"])
def reports():
    abort(405)


@admin.route(\"/login\")
def login():
    return {\"error\": \"log in\"}, 401, {\"WWW-Authenticate\": \"Bearer\"}
",
    ),
];

/// Pairs of texts an edit swaps one occurrence of for the other: statuses, headers added and
/// removed, helpers and aliases renamed, chains cut.
const SWAPS: &[(&str, &str)] = &[
    ("UNAUTHORIZED", "OK"),
    ("METHOD_NOT_ALLOWED", "UNAUTHORIZED"),
    ("PARTIAL_CONTENT", "NO_CONTENT"),
    ("NO_CONTENT", "CREATED"),
    ("FOUND", "MOVED_PERMANENTLY"),
    (
        "(status, message",
        "(status, [(\"Allow\", \"GET\")], message",
    ),
    ("\"Cache-Control\"", "\"Content-Range\""),
    ("\"WWW-Authenticate\"", "\"X-Login\""),
    ("json_error", "json_err"),
    ("chained", "chain"),
    ("crate::util::reply", "crate::util::json_error"),
    ("as je;", "as jf;"),
    ("(status, message)", "(StatusCode::OK, message)"),
    ("401", "200"),
    ("401", "405"),
    ("204", "200"),
    ("301", "302"),
    ("200", "206"),
    ("err.status || 500", "500"),
    (
        "res.status(err",
        "res.set('WWW-Authenticate', 'Bearer');\n  res.status(err",
    ),
    ("findThing", "findIt"),
    ("challenge(res);", "// challenge(res);"),
    ("status: 401", "code: 401"),
    ("status_code=401", "status_code=403"),
    ("abort(405)", "abort(405, valid_methods=[\"GET\"])"),
    (
        "\"WWW-Authenticate\": \"Bearer\"",
        "\"X-Login\": \"Bearer\"",
    ),
    ("Depends(current_user)", "None"),
    ("Depends(verify_key)", "None"),
    ("from .deps import", "from .gone import"),
    ("content={", "headers={"),
];

/// One step of the campaign, replayable.
#[derive(Debug, Clone)]
enum Step {
    Open(String),
    Close(String),
    /// `didChange` of an open document: bytes `start..end` become `new`.
    Change {
        path: String,
        start: usize,
        end: usize,
        new: String,
    },
    /// A closed file written on disk, with a watched-file event.
    Disk {
        path: String,
        text: String,
    },
}

/// Texts of the campaign's editable files (the manifests stay).
fn editable() -> Vec<&'static str> {
    CAMPAIGN
        .iter()
        .map(|(p, _)| *p)
        .filter(|p| !p.ends_with(".toml") && !p.ends_with(".json"))
        .collect()
}

/// An edit of `text`: a swap, a line deleted, or a line of any campaign file inserted.
fn random_edit(rng: &mut Rng, text: &str) -> (usize, usize, String) {
    match rng.below(5) {
        0..=2 => {
            for _ in 0..8 {
                let &(a, b) = rng.pick(SWAPS);
                let (from, to) = if rng.below(2) == 0 { (a, b) } else { (b, a) };
                let found: Vec<usize> = text.match_indices(from).map(|(i, _)| i).collect();
                if !found.is_empty() {
                    let at = *rng.pick(&found);
                    return (at, at + from.len(), to.to_string());
                }
            }
            (0, 0, String::new())
        }
        3 => {
            let starts: Vec<usize> = std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                .filter(|&i| i < text.len())
                .collect();
            // An emptied file has no line to delete.
            if starts.is_empty() {
                return (0, 0, String::new());
            }
            let start = *rng.pick(&starts);
            let end = text[start..]
                .find('\n')
                .map_or(text.len(), |i| start + i + 1);
            (start, end, String::new())
        }
        _ => {
            let (_, source) = rng.pick(CAMPAIGN);
            let lines: Vec<&str> = source.lines().collect();
            let line = format!("{}\n", rng.pick(&lines));
            let starts: Vec<usize> = std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                .collect();
            let at = *rng.pick(&starts);
            (at, at, line)
        }
    }
}

/// The next step for the workspace as it is.
fn random_step(rng: &mut Rng, ws: &Workspace) -> Step {
    let files = editable();
    let path = rng.pick(&files).to_string();
    let open = ws.open.contains_key(&path);
    match rng.below(20) {
        0 if open => Step::Close(path),
        0 | 1 if !open => Step::Open(path),
        2 if !open => {
            let mut text = ws.disk[&path].clone();
            let (start, end, new) = random_edit(rng, &text);
            text.replace_range(start..end, &new);
            Step::Disk { path, text }
        }
        _ if open => {
            let (start, end, new) = random_edit(rng, ws.text(&path));
            Step::Change {
                path,
                start,
                end,
                new,
            }
        }
        _ => Step::Open(path),
    }
}

impl Workspace {
    fn apply(&mut self, c: &mut Client, step: &Step) {
        match step {
            Step::Open(path) => self.open(c, path),
            Step::Close(path) => self.close(c, path),
            Step::Change {
                path,
                start,
                end,
                new,
            } => self.change(c, path, *start, *end, new),
            Step::Disk { path, text } => self.write_on_disk(c, path, text),
        }
    }

    /// A workspace in the state `snapshot` on a fresh server: the same files on disk, the same
    /// documents open with the same texts.
    fn replica(snapshot: &Snapshot) -> (Workspace, Client) {
        let files: Vec<(&str, &str)> = snapshot
            .0
            .iter()
            .map(|(p, t)| (p.as_str(), t.as_str()))
            .collect();
        let mut ws = Workspace::new(&files);
        let mut c = server_on(&ws);
        for (path, (text, _)) in &snapshot.1 {
            let end = ws.disk[path].len();
            ws.open(&mut c, path);
            ws.change(&mut c, path, 0, end, text);
        }
        (ws, c)
    }
}

/// Thousands of random edits, opens, closes and watched-file events over a workspace of Rust,
/// TypeScript/JavaScript and Python packages whose files depend on each other; after each burst the server
/// reports, for every file, open or not, what `check` reports on the same texts. On a difference
/// it replays the burst step by step on a fresh server and names the first step after which they
/// differ, and fails. A burst that agrees with check when replayed step by step differed only by
/// the timing of concurrent index updates (known races, docs/lsp.md): the run counts it, goes on
/// from a fresh server, and fails when more than one burst in fifty does.
/// `STATUSLINT_SEED` and `STATUSLINT_STEPS` change the run.
#[test]
fn random_edits_across_files_keep_the_server_equal_to_check() {
    let seed: u64 = std::env::var("STATUSLINT_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5eed_2026);
    let steps: usize = std::env::var("STATUSLINT_STEPS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2_000);
    eprintln!("seed {seed}, {steps} steps");
    let mut rng = Rng(seed);
    let mut ws = Workspace::new(CAMPAIGN);
    let mut c = server_on(&ws);
    let mut done = 0;
    let mut bursts = 0;
    let mut seen_rules = BTreeSet::new();
    let mut timing: Vec<String> = Vec::new();
    while done < steps {
        let before = ws.snapshot();
        let burst: Vec<Step> = (0..1 + rng.below(8))
            .map(|_| {
                let step = random_step(&mut rng, &ws);
                ws.apply(&mut c, &step);
                step
            })
            .collect();
        done += burst.len();
        bursts += 1;
        match ws.converge(&mut c, Duration::from_secs(8)) {
            Ok(state) => {
                seen_rules.extend(state.values().flatten().map(|d| d.0.clone()));
            }
            Err((expected, found)) => {
                let (reproduced, first) = first_failing_step(&before, &burst);
                if reproduced {
                    panic!(
                        "seed {seed}: after burst {bursts} (step {done}) the server differs from check\n\
                         check:  {expected:?}\nserver: {found:?}\nburst: {burst:#?}\n{first}"
                    );
                }
                // Replayed step by step the burst agrees with check: one of the known races
                // between concurrent index updates (docs/lsp.md). Counted, and the run goes on
                // from a fresh server on the same texts.
                timing.push(format!(
                    "burst {bursts} (step {done}): check {expected:?}, server {found:?}"
                ));
                (ws, c) = Workspace::replica(&ws.snapshot());
            }
        }
    }
    // The campaign exercised what it is for: findings came and went in both languages.
    for rule in [
        "missing-www-authenticate",
        "missing-allow",
        "missing-content-range",
        "body-not-allowed",
        "missing-location",
    ] {
        assert!(
            seen_rules.contains(rule),
            "{rule} never seen: {seen_rules:?}"
        );
    }
    // The races are rare: more than one burst in fifty is a regression.
    assert!(
        timing.len() * 50 <= bursts,
        "seed {seed}: {} of {bursts} bursts differed from check only by timing:\n{}",
        timing.len(),
        timing.join("\n")
    );
    eprintln!(
        "{done} steps in {bursts} bursts; {} differed only by timing{}",
        timing.len(),
        timing
            .iter()
            .map(|t| format!("\n  {t}"))
            .collect::<String>()
    );
}

/// The state a replay starts from: disk texts and open documents.
type Snapshot = (BTreeMap<String, String>, BTreeMap<String, (String, i64)>);

impl Workspace {
    fn snapshot(&self) -> Snapshot {
        (self.disk.clone(), self.open.clone())
    }
}

/// Replays `burst` from `before` on a fresh server, one step at a time: whether some step leaves
/// the server differing from check, and which, with the texts then.
fn first_failing_step(before: &Snapshot, burst: &[Step]) -> (bool, String) {
    let (mut ws, mut c) = Workspace::replica(before);
    if let Err((expected, found)) = ws.converge(&mut c, Duration::from_secs(8)) {
        let report = format!(
            "a fresh server on the state before the burst already differs\ncheck:  {expected:?}\nserver: {found:?}"
        );
        return (true, report);
    }
    for (i, step) in burst.iter().enumerate() {
        ws.apply(&mut c, step);
        if let Err((expected, found)) = ws.converge(&mut c, Duration::from_secs(8)) {
            let texts: BTreeMap<&String, &str> = ws.disk.keys().map(|p| (p, ws.text(p))).collect();
            let report = format!(
                "minimal failing step: {i} of the burst, {step:?}\ncheck:  {expected:?}\nserver: {found:?}\ntexts: {texts:#?}"
            );
            return (true, report);
        }
    }
    let report =
        "replayed step by step, the burst gives what check gives (the difference depends on timing)";
    (false, report.to_string())
}
