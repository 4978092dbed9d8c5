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
    let mut ws = Workspace::new(&[
        ("Cargo.toml", MANIFEST),
        ("src/lib.rs", LIB),
        ("src/util.rs", util),
        ("src/h.rs", h),
    ]);
    let mut c = server_on(&ws);
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
    let mut ws = Workspace::new(&[
        ("Cargo.toml", MANIFEST),
        ("src/lib.rs", LIB),
        ("src/util.rs", util),
        ("src/h.rs", h),
    ]);
    let mut c = server_on(&ws);
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
    let mut ws = Workspace::new(&[
        ("Cargo.toml", MANIFEST),
        ("src/lib.rs", LIB),
        ("src/util.rs", before),
        ("src/h.rs", h),
    ]);
    let mut c = server_on(&ws);
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
