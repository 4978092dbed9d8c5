//! Protocol tests: the real `statuslint lsp` binary as a child process, driven over stdio with
//! Content-Length framing, as an editor drives it.

mod lsp_support;

use std::collections::HashMap;
use std::path::Path;
use std::time::{Duration, Instant};

use lsp_support::*;
use serde_json::{json, Value};

const URI: &str = "file:///tmp/statuslint-lsp-test/handlers.rs";

const AXUM: &str = r#"use axum::{http::StatusCode, response::IntoResponse};

async fn login() -> impl IntoResponse {
    (StatusCode::UNAUTHORIZED, "no")
}

async fn deleted() -> impl IntoResponse {
    (StatusCode::NO_CONTENT, "x")
}
"#;

fn spawn() -> Client {
    spawn_with(&[])
}

fn spawn_with(env: &[(&str, &str)]) -> Client {
    Client::spawn_binary(Path::new(env!("CARGO_BIN_EXE_statuslint")), env)
}

fn started(capabilities: Value, options: Value) -> Client {
    let mut c = spawn();
    c.initialize(capabilities, options);
    c
}

fn rule_of(d: &Value) -> &str {
    d["code"].as_str().unwrap_or("")
}

fn with_rule<'a>(diags: &'a [Value], rule: &str) -> Vec<&'a Value> {
    diags.iter().filter(|d| rule_of(d) == rule).collect()
}

/// The byte range a diagnostic covers in `text`.
fn span_of(text: &str, d: &Value, utf8: bool) -> (usize, usize) {
    let r = &d["range"];
    (
        offset_of(
            text,
            r["start"]["line"].as_u64().unwrap(),
            r["start"]["character"].as_u64().unwrap(),
            utf8,
        ),
        offset_of(
            text,
            r["end"]["line"].as_u64().unwrap(),
            r["end"]["character"].as_u64().unwrap(),
            utf8,
        ),
    )
}

/// Applies a workspace edit the way an editor does: locally, then as one incremental `didChange`
/// per text edit (last first, so earlier positions stay valid).
fn apply_and_send(c: &mut Client, text: &str, edit: &Value, version: i64) -> String {
    apply_and_send_to(c, URI, text, edit, version)
}

fn apply_and_send_to(c: &mut Client, uri: &str, text: &str, edit: &Value, version: i64) -> String {
    let mut edits = edits_for(edit, uri);
    assert!(!edits.is_empty(), "empty edit: {edit}");
    edits.sort_by_key(|e| {
        (
            e["range"]["start"]["line"].as_u64(),
            e["range"]["start"]["character"].as_u64(),
        )
    });
    let changes: Vec<Value> = edits
        .iter()
        .rev()
        .map(|e| json!({ "range": e["range"], "text": e["newText"] }))
        .collect();
    c.notify("textDocument/didChange", did_change(uri, version, changes));
    apply_text_edits(text, &edits, false)
}

const TS_URI: &str = "file:///tmp/statuslint-lsp-test/app/api/items/route.ts";

const NEXT_ROUTE: &str = "import { NextResponse } from 'next/server';\n\n\
export async function DELETE() {\n  return NextResponse.json({ deleted: true }, { status: 204 });\n}\n\n\
export async function GET(request: Request) {\n  if (!request.headers.get('authorization')) {\n    \
return new Response('login', { status: 401 });\n  }\n  return NextResponse.json({ ok: true });\n}\n";

const PY_URI: &str = "file:///tmp/app/main.py";
const FASTAPI: &str = "from fastapi import Depends, FastAPI, HTTPException\n\napp = FastAPI()\n\n\n@app.get(\"/me\")\nasync def me(token: str = \"\"):\n    if not token:\n        raise HTTPException(status_code=401, detail=\"log in\")\n    return {\"token\": token}\n";

#[test]
fn python_documents_get_diagnostics_and_fixes() {
    let mut c = started(basic_capabilities(), Value::Null);
    c.open(PY_URI, FASTAPI);
    let diags = c.diagnostics(PY_URI, 1);
    let d = with_rule(&diags, "missing-www-authenticate")[0].clone();
    assert_eq!(d["range"]["start"]["line"], 8);
    let response = c.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": PY_URI }, "range": d["range"], "context": { "diagnostics": [d] } }),
    );
    let fix = response["result"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"].as_str().unwrap().contains("WWW-Authenticate"))
        .cloned()
        .expect("a header fix");
    let fixed = apply_and_send_to(&mut c, PY_URI, FASTAPI, &fix["edit"], 2);
    assert!(
        fixed.contains(
            r#"HTTPException(status_code=401, detail="log in", headers={"WWW-Authenticate": "Bearer"})"#
        ),
        "{fixed}"
    );
    let after = c.diagnostics(PY_URI, 2);
    assert!(after.is_empty(), "{after:#?}");
}

#[test]
fn typescript_documents_get_diagnostics_fixes_and_per_item_updates() {
    let mut c = started(basic_capabilities(), Value::Null);
    c.open(TS_URI, NEXT_ROUTE);
    let diags = c.diagnostics(TS_URI, 1);
    assert_eq!(with_rule(&diags, "body-not-allowed").len(), 1, "{diags:#?}");
    let d = with_rule(&diags, "missing-www-authenticate")[0].clone();
    assert_eq!(d["range"]["start"]["line"], 8);
    let response = c.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": TS_URI }, "range": d["range"], "context": { "diagnostics": [d] } }),
    );
    let fix = response["result"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"].as_str().unwrap().contains("WWW-Authenticate"))
        .cloned()
        .expect("a header fix");
    let fixed = apply_and_send_to(&mut c, TS_URI, NEXT_ROUTE, &fix["edit"], 2);
    assert!(
        // The document's strings are single-quoted, and so is the fix's.
        fixed.contains("{ headers: { 'WWW-Authenticate': 'Bearer' }, status: 401 }"),
        "{fixed}"
    );
    let after = c.diagnostics(TS_URI, 2);
    assert!(
        with_rule(&after, "missing-www-authenticate").is_empty(),
        "{after:#?}"
    );
    // Typing in the other handler's body (an item of its own) keeps the 204's diagnostic.
    let at = position_of(&fixed, fixed.find("deleted").unwrap(), false);
    c.notify(
        "textDocument/didChange",
        did_change(
            TS_URI,
            3,
            json!([{ "range": { "start": at, "end": at }, "text": "x" }]),
        ),
    );
    let typed = c.diagnostics(TS_URI, 3);
    assert_eq!(with_rule(&typed, "body-not-allowed").len(), 1, "{typed:#?}");
    assert_eq!(typed.len(), 1, "{typed:#?}");
}

#[test]
fn advertises_capabilities_and_negotiates_the_encoding() {
    let mut c = spawn();
    let result = c.initialize(basic_capabilities(), Value::Null);
    let caps = &result["capabilities"];
    assert_eq!(caps["positionEncoding"], "utf-16");
    assert_eq!(caps["textDocumentSync"]["change"], 2, "incremental sync");
    assert_eq!(caps["textDocumentSync"]["openClose"], true);
    assert_eq!(caps["hoverProvider"], true);
    assert_eq!(caps["inlayHintProvider"], true);
    // Pull is advertised (diagnostics are pushed too, since this client does not pull); a file's
    // diagnostics depend on the helpers it calls in other files.
    assert_eq!(
        caps["diagnosticProvider"]["interFileDependencies"], true,
        "{caps}"
    );
    assert_eq!(
        caps["diagnosticProvider"]["workspaceDiagnostics"], true,
        "{caps}"
    );
    let kinds = caps["codeActionProvider"]["codeActionKinds"]
        .as_array()
        .unwrap();
    assert!(kinds.contains(&json!("quickfix")), "{kinds:?}");
    assert!(
        kinds.contains(&json!("source.fixAll.statuslint")),
        "{kinds:?}"
    );
    assert_eq!(result["serverInfo"]["name"], "statuslint");

    let mut c = spawn();
    let mut caps = basic_capabilities();
    caps["general"]["positionEncodings"] = json!(["utf-8", "utf-16"]);
    let result = c.initialize(caps, Value::Null);
    assert_eq!(result["capabilities"]["positionEncoding"], "utf-8");

    // No `general` at all: UTF-16, the protocol's default.
    let mut c = spawn();
    let result = c.initialize(json!({}), Value::Null);
    assert_eq!(result["capabilities"]["positionEncoding"], "utf-16");
}

#[test]
fn publishes_diagnostics_on_open() {
    let mut c = started(basic_capabilities(), Value::Null);
    c.open(URI, AXUM);
    let diags = c.diagnostics(URI, 1);
    let www = with_rule(&diags, "missing-www-authenticate");
    assert_eq!(www.len(), 1, "{diags:#?}");
    let d = www[0];
    let (s, e) = span_of(AXUM, d, false);
    let token = AXUM.find("UNAUTHORIZED").unwrap();
    assert!(s <= token && token + "UNAUTHORIZED".len() <= e, "{d}");
    assert!(&AXUM[s..e].contains("UNAUTHORIZED"), "{}", &AXUM[s..e]);
    assert_eq!(d["source"], "statuslint");
    assert_eq!(d["severity"], 1);
    assert!(d["codeDescription"]["href"]
        .as_str()
        .unwrap()
        .ends_with("rfc9110#section-15.5.2"));
    assert!(!d["message"].as_str().unwrap().is_empty());
    assert_eq!(d["data"]["version"], 1);
    assert_eq!(d["data"]["fix"]["safe"], false);

    let body = with_rule(&diags, "body-not-allowed");
    assert_eq!(body.len(), 1, "{diags:#?}");
    assert_eq!(body[0]["data"]["fix"]["safe"], true);

    // Closing clears the diagnostics; reopening with the same version but other text re-analyses.
    c.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": URI } }),
    );
    let cleared = c.wait_for("textDocument/publishDiagnostics", TIMEOUT, |p| {
        p["uri"] == URI && p["diagnostics"] == json!([])
    });
    assert!(cleared.is_some(), "no empty diagnostics after didClose");
    let only_204 = AXUM.replace("UNAUTHORIZED", "OK");
    c.open(URI, &only_204);
    let diags = c.diagnostics(URI, 1);
    let rules: Vec<&str> = diags.iter().map(rule_of).collect();
    assert_eq!(rules, vec!["body-not-allowed"]);
    // Documents of other languages are left alone.
    c.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": "file:///tmp/x.rb", "languageId": "ruby", "version": 1, "text": "(StatusCode::UNAUTHORIZED, \"no\")" } }),
    );
    assert!(c
        .wait_for(
            "textDocument/publishDiagnostics",
            Duration::from_millis(300),
            |p| p["uri"] == "file:///tmp/x.rb"
        )
        .is_none());
}

#[test]
fn quick_fix_applied_by_the_client_clears_the_diagnostic() {
    let mut c = started(basic_capabilities(), Value::Null);
    c.open(URI, AXUM);
    let diags = c.diagnostics(URI, 1);
    let d = with_rule(&diags, "missing-www-authenticate")[0].clone();
    let response = c.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": URI },
            "range": d["range"],
            "context": { "diagnostics": [d], "triggerKind": 1 },
        }),
    );
    let actions = response["result"].as_array().unwrap().clone();
    let titles: Vec<&str> = actions
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    let fix = actions
        .iter()
        .find(|a| a["title"].as_str().unwrap().contains("WWW-Authenticate"))
        .unwrap_or_else(|| panic!("no fix among {titles:?}"));
    assert_eq!(fix["kind"], "quickfix");
    assert!(
        fix["title"].as_str().unwrap().contains("unsafe"),
        "{titles:?}"
    );
    assert_ne!(fix["isPreferred"], true);
    assert_eq!(fix["diagnostics"][0]["code"], "missing-www-authenticate");
    assert_eq!(
        fix["edit"]["documentChanges"][0]["textDocument"]["version"],
        1
    );
    assert!(
        titles.contains(&"Ignore `missing-www-authenticate` on this line"),
        "{titles:?}"
    );
    // Where a diagnostic is, fix-all (safe fixes only: here, the 204's) is offered too.
    assert!(
        titles.contains(&"Fix all safe statuslint problems"),
        "{titles:?}"
    );

    let fixed = apply_and_send(&mut c, AXUM, &fix["edit"], 2);
    assert!(
        // Laid out as rustfmt lays out a tuple wider than 60 columns.
        fixed.contains(
            "    (\n        StatusCode::UNAUTHORIZED,\n        [(\"WWW-Authenticate\", \"Bearer\")],\n        \"no\",\n    )\n"
        ),
        "{fixed}"
    );
    let after = c.diagnostics(URI, 2);
    assert!(
        with_rule(&after, "missing-www-authenticate").is_empty(),
        "{after:#?}"
    );
    assert_eq!(with_rule(&after, "body-not-allowed").len(), 1);

    // The ignore action, applied, also clears it.
    let mut c = started(basic_capabilities(), Value::Null);
    c.open(URI, AXUM);
    let d = with_rule(&c.diagnostics(URI, 1), "missing-www-authenticate")[0].clone();
    let response = c.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": URI }, "range": d["range"], "context": { "diagnostics": [d] } }),
    );
    let ignore = response["result"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"].as_str().unwrap().starts_with("Ignore"))
        .cloned()
        .unwrap();
    let fixed = apply_and_send(&mut c, AXUM, &ignore["edit"], 2);
    assert!(fixed.contains(
        "    // statuslint-ignore: missing-www-authenticate\n    (StatusCode::UNAUTHORIZED"
    ));
    let after = c.diagnostics(URI, 2);
    assert!(with_rule(&after, "missing-www-authenticate").is_empty());
    assert_eq!(with_rule(&after, "body-not-allowed").len(), 1);
}

#[test]
fn no_code_actions_away_from_diagnostics() {
    let mut c = started(basic_capabilities(), Value::Null);
    c.open(URI, AXUM);
    c.diagnostics(URI, 1);
    let response = c.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": URI },
            "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 3 } },
            "context": { "diagnostics": [] },
        }),
    );
    assert_eq!(response["result"], json!([]), "{response}");
}

fn fix_all(resolve: bool) {
    let mut caps = basic_capabilities();
    if resolve {
        caps["textDocument"]["codeAction"]["resolveSupport"] = json!({ "properties": ["edit"] });
    }
    let mut c = started(caps, Value::Null);
    c.open(URI, AXUM);
    let diags = c.diagnostics(URI, 1);
    assert_eq!(with_rule(&diags, "body-not-allowed").len(), 1);
    let response = c.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": URI },
            "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 0 } },
            "context": { "diagnostics": [], "only": ["source.fixAll"], "triggerKind": 2 },
        }),
    );
    let actions = response["result"].as_array().unwrap();
    assert_eq!(actions.len(), 1, "{actions:#?}");
    let mut action = actions[0].clone();
    assert_eq!(action["kind"], "source.fixAll.statuslint");
    if resolve {
        assert!(action.get("edit").is_none(), "computed only when resolved");
        action = c.request("codeAction/resolve", action)["result"].clone();
    }
    let fixed = apply_and_send(&mut c, AXUM, &action["edit"], 2);
    assert!(
        fixed.contains("(StatusCode::NO_CONTENT)") || fixed.contains("StatusCode::NO_CONTENT\n"),
        "{fixed}"
    );
    // Unsafe fixes are not part of fix-all.
    assert!(
        fixed.contains(r#"(StatusCode::UNAUTHORIZED, "no")"#),
        "{fixed}"
    );
    let after = c.diagnostics(URI, 2);
    assert!(
        with_rule(&after, "body-not-allowed").is_empty(),
        "{after:#?}"
    );
    assert_eq!(with_rule(&after, "missing-www-authenticate").len(), 1);
}

#[test]
fn fix_all_applies_safe_fixes() {
    fix_all(false);
}

#[test]
fn fix_all_resolves_lazily_when_the_client_can() {
    fix_all(true);
}

#[test]
fn hover_explains_status_codes_and_rules() {
    let mut c = started(basic_capabilities(), Value::Null);
    let text = format!(
        "{AXUM}\nasync fn created() -> Response {{\n    Response::builder().status(201).header(\"Location\", \"/items/1\").body(Body::empty()).unwrap()\n}}\n"
    );
    c.open(URI, &text);
    c.diagnostics(URI, 1);
    let at = text.find("UNAUTHORIZED").unwrap() + 3;
    let response = c.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": URI }, "position": position_of(&text, at, false) }),
    );
    let md = response["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_else(|| panic!("{response}"));
    assert_eq!(response["result"]["contents"]["kind"], "markdown");
    for want in [
        "401 Unauthorized",
        "client error",
        "MUST send `WWW-Authenticate`",
        "rfc9110#section-15.5.2",
        "missing-www-authenticate",
        "## Why is this bad?",
    ] {
        assert!(md.contains(want), "missing {want:?} in:\n{md}");
    }
    // A status without a diagnostic: the code's facts, no rule docs.
    let at = text.find("201").unwrap() + 1;
    let response = c.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": URI }, "position": position_of(&text, at, false) }),
    );
    let md = response["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_else(|| panic!("{response}"));
    assert!(
        md.contains("201 Created") && md.contains("`Location` is optional"),
        "{md}"
    );
    assert!(!md.contains("statuslint: `"), "{md}");
    // Nothing to say on plain code.
    let response = c.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": URI }, "position": { "line": 0, "character": 1 } }),
    );
    assert_eq!(response["result"], Value::Null);

    // Inlay hint after the numeric status only.
    let response = c.request(
        "textDocument/inlayHint",
        json!({ "textDocument": { "uri": URI }, "range": range_of(&text, 0, text.len(), false) }),
    );
    let hints = response["result"].as_array().unwrap();
    assert_eq!(hints.len(), 1, "{hints:#?}");
    assert_eq!(hints[0]["label"], "Created");
    let end = text.find("201").unwrap() + 3;
    assert_eq!(hints[0]["position"], position_of(&text, end, false));
}

#[test]
fn hover_works_on_every_way_of_writing_a_status() {
    let text = r#"use actix_web::HttpResponse;
use rocket::http::Status;

async fn actix_gone() -> HttpResponse {
    HttpResponse::NoContent().finish()
}

#[rocket::get("/")]
fn rocket_gone() -> Status {
    Status::NoContent
}

async fn numeric() -> impl IntoResponse {
    (StatusCode::from_u16(405).unwrap(), [("Allow", "GET")], "use GET")
}

#[derive(ApiResponse)]
enum Made {
    #[oai(status = 201)]
    Created(Json<Item>, #[oai(header = "Location")] String),
}
"#;
    let mut c = started(basic_capabilities(), Value::Null);
    c.open(URI, text);
    c.diagnostics(URI, 1);
    for (needle, offset, want) in [
        ("NoContent()", 2, "204 No Content"),
        ("Status::NoContent", 10, "204 No Content"),
        ("405", 1, "405 Method Not Allowed"),
        ("201", 1, "201 Created"),
    ] {
        let at = text.find(needle).unwrap() + offset;
        let response = c.request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": URI }, "position": position_of(text, at, false) }),
        );
        let md = response["result"]["contents"]["value"]
            .as_str()
            .unwrap_or("");
        assert!(md.contains(want), "hover on {needle:?}: {response}");
    }
    let response = c.request(
        "textDocument/inlayHint",
        json!({ "textDocument": { "uri": URI }, "range": range_of(text, 0, text.len(), false) }),
    );
    let labels: Vec<&Value> = response["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| &h["label"])
        .collect();
    assert_eq!(
        labels,
        vec![&json!("Method Not Allowed"), &json!("Created")]
    );
}

#[test]
fn columns_are_utf16_by_default_and_utf8_when_negotiated() {
    let text = "use axum::http::StatusCode;\nasync fn h() -> impl axum::response::IntoResponse {\n    let _e = \"😀é\"; (StatusCode::UNAUTHORIZED, \"no\")\n}\n";
    let token = text.find("UNAUTHORIZED").unwrap();
    for utf8 in [false, true] {
        let mut caps = basic_capabilities();
        if utf8 {
            caps["general"]["positionEncodings"] = json!(["utf-8"]);
        }
        let mut c = started(caps, Value::Null);
        c.open(URI, text);
        let diags = c.diagnostics(URI, 1);
        let d = with_rule(&diags, "missing-www-authenticate")[0];
        let start = &d["range"]["start"];
        assert_eq!(start["line"], 2);
        // `    let _e = "😀é"; (StatusCode::` is 31 UTF-16 units and 34 UTF-8 bytes long.
        let line_start = text[..token].rfind('\n').unwrap() + 1;
        let prefix = &text[line_start..text.find("StatusCode::UNAUTHORIZED").unwrap()];
        let expected = if utf8 {
            prefix.len()
        } else {
            prefix.encode_utf16().count()
        };
        let character = start["character"].as_u64().unwrap() as usize;
        assert!(
            character == expected || character == expected + "StatusCode::".len(),
            "utf8={utf8}: {d}"
        );
        assert_eq!(
            span_of(text, d, utf8).1,
            token + "UNAUTHORIZED".len(),
            "utf8={utf8}"
        );
        // Hover at a column past the emoji resolves to the same token in either encoding.
        let response = c.request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": URI }, "position": position_of(text, token + 2, utf8) }),
        );
        let md = response["result"]["contents"]["value"]
            .as_str()
            .unwrap_or("");
        assert!(md.contains("401 Unauthorized"), "utf8={utf8}: {response}");
    }
}

#[test]
fn rapid_incremental_edits_keep_text_and_diagnostics_in_sync() {
    let mut c = started(basic_capabilities(), Value::Null);
    let mut text = String::from("/* scratch\n*/\n");
    for i in 0..20 {
        text.push_str(&format!(
            "async fn h{i}() -> impl IntoResponse {{\n    (StatusCode::UNAUTHORIZED, \"no\")\n}}\n"
        ));
    }
    c.open(URI, &text);
    let mut rng = Rng(0x5eed_1234_abcd_0001);
    let pieces = ["a", "é", "😀", "\n", "xy", "\n\n", " "];
    let statuses = ["UNAUTHORIZED", "NO_CONTENT", "OK"];
    let mut version = 1;
    let mut burst = Vec::new();
    for n in 0..500 {
        version += 1;
        let mut changes = Vec::new();
        let edits = if n % 7 == 0 { 2 } else { 1 };
        for _ in 0..edits {
            let (start, end, new) = if n % 25 == 0 {
                // Change one handler's status: the diagnostics depend on the final text.
                let found: Vec<(usize, &str)> = statuses
                    .iter()
                    .flat_map(|s| {
                        text.match_indices(&format!("StatusCode::{s},"))
                            .map(|(i, _)| (i, *s))
                            .collect::<Vec<_>>()
                    })
                    .collect();
                let (at, old) = found[rng.below(found.len())];
                let at = at + "StatusCode::".len();
                let new = statuses[rng.below(statuses.len())];
                (at, at + old.len(), new.to_string())
            } else {
                // Insert or delete inside the scratch comment (it stays a comment).
                let open = text.find("/* scratch").unwrap() + "/* scratch".len();
                let close = text.find("*/").unwrap();
                let boundaries: Vec<usize> = (open..=close)
                    .filter(|i| text.is_char_boundary(*i))
                    .collect();
                let a = boundaries[rng.below(boundaries.len())];
                if rng.below(3) == 0 && a < close {
                    let b = boundaries
                        .iter()
                        .copied()
                        .filter(|&b| b > a)
                        .take(1 + rng.below(3))
                        .last()
                        .unwrap();
                    (a, b, String::new())
                } else {
                    (a, a, pieces[rng.below(pieces.len())].to_string())
                }
            };
            changes.push(json!({ "range": range_of(&text, start, end, false), "text": new }));
            text.replace_range(start..end, &new);
        }
        burst.push(("textDocument/didChange", did_change(URI, version, changes)));
        // Bursts of 50 notifications in one write, so the server has many queued at once.
        if burst.len() == 50 {
            c.notify_all(&burst);
            burst.clear();
        }
    }
    c.notify_all(&burst);
    let (final_at, final_msg) = c
        .wait_for("textDocument/publishDiagnostics", TIMEOUT, |p| {
            p["uri"] == URI && p["version"] == version
        })
        .expect("diagnostics for the final version");
    let last = final_msg["params"]["diagnostics"]
        .as_array()
        .unwrap()
        .clone();
    let response = c.request(
        "statuslint/documentText",
        json!({ "textDocument": { "uri": URI } }),
    );
    assert_eq!(response["result"]["version"], version);
    assert!(
        response["result"]["text"] == text.as_str(),
        "server text differs from the client's"
    );
    // Published versions never go back: nothing computed for an older version went out late. The
    // last version may go out twice: the workspace index finishing its build refreshes open files.
    std::thread::sleep(Duration::from_millis(200));
    let _ = c.wait_for("$/none", Duration::from_millis(10), |_| false);
    let mut published: Vec<(Instant, i64)> = c
        .backlog
        .iter()
        .filter(|(_, m)| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == URI
        })
        .map(|(at, m)| (*at, m["params"]["version"].as_i64().unwrap()))
        .collect();
    published.push((final_at, version));
    published.sort();
    assert!(
        published.windows(2).all(|w| w[0].1 <= w[1].1),
        "versions out of order: {:?}",
        published.iter().map(|p| p.1).collect::<Vec<_>>()
    );
    assert_eq!(published.last().unwrap().1, version);
    // The same text opened fresh gives the same diagnostics.
    let fresh = "file:///tmp/statuslint-lsp-test/fresh.rs";
    c.open(fresh, &text);
    let expected = c.diagnostics(fresh, 1);
    assert!(!expected.is_empty());
    assert_eq!(shown(&last), shown(&expected));
    let counts = |rule: &str| with_rule(&last, rule).len();
    assert_eq!(
        counts("missing-www-authenticate"),
        text.matches("UNAUTHORIZED").count()
    );
    assert_eq!(
        counts("body-not-allowed"),
        text.matches("NO_CONTENT").count()
    );
}

/// Random edits anywhere in a file of handlers, some of them breaking it and several to a
/// notification, sent in bursts: after each burst the diagnostics equal those of the same text opened
/// fresh.
#[test]
fn random_edits_anywhere_give_what_a_fresh_open_gives() {
    let mut c = started(basic_capabilities(), Value::Null);
    let mut text = String::from("use axum::{http::StatusCode, response::IntoResponse};\n\n");
    let bodies = [
        "(StatusCode::UNAUTHORIZED, \"no\")",
        "(StatusCode::NO_CONTENT, \"gone\")",
        "(StatusCode::CREATED, [(\"Location\", \"/x\")], \"made\")",
        "StatusCode::MOVED_PERMANENTLY",
        "(StatusCode::from_u16(204).unwrap(), \"numbered\")",
    ];
    for i in 0..12 {
        text.push_str(&format!(
            "/// Handler {i}.\nasync fn h{i}() -> impl IntoResponse {{\n    {}\n}}\n\n",
            bodies[i % bodies.len()]
        ));
    }
    text.push_str("mod api {\n    pub async fn nested() -> impl IntoResponse {\n        (StatusCode::NO_CONTENT, \"x\")\n    }\n}\n");
    c.open(URI, &text);
    let initial = c.diagnostics(URI, 1);
    assert!(initial.len() >= 6);
    let original = text.clone();
    let mut rng = Rng(0x5eed_0000_1111_2222);
    let pieces = [
        "x",
        "{",
        "}",
        "\"",
        "\n",
        ";",
        "(",
        "😀",
        "  ",
        "StatusCode::",
    ];
    let mut version = 1;
    let check = |c: &mut Client, text: &str, version: i64, what: &str| {
        let edited = c.diagnostics(URI, version);
        let fresh = format!("file:///tmp/statuslint-lsp-test/fresh-{version}.rs");
        c.open(&fresh, text);
        assert_eq!(
            shown(&edited),
            shown(&c.diagnostics(&fresh, 1)),
            "after {what}:\n{text}"
        );
        c.notify(
            "textDocument/didClose",
            json!({ "textDocument": { "uri": fresh } }),
        );
        edited
    };
    for burst in 0..25 {
        // (start, inserted text, removed text) of every change, to undo them afterwards.
        let mut done: Vec<(usize, String, String)> = Vec::new();
        let mut notifications = Vec::new();
        for _ in 0..1 + rng.below(8) {
            version += 1;
            let mut changes = Vec::new();
            for _ in 0..1 + rng.below(2) {
                let boundaries: Vec<usize> = (0..=text.len())
                    .filter(|i| text.is_char_boundary(*i))
                    .collect();
                let at = boundaries[rng.below(boundaries.len())];
                let (end, new) =
                    if rng.below(3) == 0 && text[at..].starts_with(|c: char| c.is_ascii()) {
                        // Typing over one character: the length stays, the text does not.
                        (at + 1, ["0", "1", "4", "x", "E"][rng.below(5)].to_string())
                    } else if rng.below(3) == 0 {
                        let end = boundaries
                            .iter()
                            .copied()
                            .filter(|&b| b > at)
                            .take(1 + rng.below(3))
                            .last()
                            .unwrap_or(at);
                        (end, String::new())
                    } else {
                        (at, pieces[rng.below(pieces.len())].to_string())
                    };
                changes.push(json!({ "range": range_of(&text, at, end, false), "text": new }));
                done.push((at, new.clone(), text[at..end].to_string()));
                text.replace_range(at..end, &new);
            }
            notifications.push(("textDocument/didChange", did_change(URI, version, changes)));
        }
        c.notify_all(&notifications);
        check(&mut c, &text, version, &format!("burst {burst}"));
        // Undo, one change per notification, sent together.
        let mut undo = Vec::new();
        for (at, inserted, removed) in done.into_iter().rev() {
            version += 1;
            let range = range_of(&text, at, at + inserted.len(), false);
            text.replace_range(at..at + inserted.len(), &removed);
            undo.push((
                "textDocument/didChange",
                did_change(URI, version, json!([{ "range": range, "text": removed }])),
            ));
        }
        c.notify_all(&undo);
        assert_eq!(text, original);
        let restored = check(&mut c, &text, version, &format!("undoing burst {burst}"));
        assert_eq!(shown(&restored), shown(&initial));
    }
}

/// Ranges, rules and messages: what an editor shows.
fn shown(diagnostics: &[Value]) -> Vec<(Value, Value, Value)> {
    diagnostics
        .iter()
        .map(|d| (d["range"].clone(), d["code"].clone(), d["message"].clone()))
        .collect()
}

/// Edits inside one handler are answered by re-reading that handler alone; edits that reach beyond
/// it (a registration that changes how another handler is read, an unbalanced brace) by reading the
/// whole file. Either way the diagnostics equal those of the same text opened fresh.
#[test]
fn every_kind_of_edit_gives_what_a_fresh_open_gives() {
    let mut c = started(basic_capabilities(), Value::Null);
    let mut text = String::from(
        r#"use axum::{http::StatusCode, response::IntoResponse, routing::{get, post}, Router};

async fn create() -> impl IntoResponse {
    (StatusCode::CREATED, "made")
}

async fn login() -> impl IntoResponse {
    (StatusCode::UNAUTHORIZED, "no")
}

fn app() -> Router {
    Router::new().route("/", post(create)).route("/{id}", get(show))
}
"#,
    );
    c.open(URI, &text);
    let first = c.diagnostics(URI, 1);
    assert_eq!(with_rule(&first, "missing-created-location").len(), 1);
    let replace = |text: &str, find: &str, with: &str| -> (usize, usize, String) {
        let at = text
            .find(find)
            .unwrap_or_else(|| panic!("{find} not in the text"));
        (at, at + find.len(), with.to_string())
    };
    let steps: Vec<(&str, &str, &str)> = vec![
        // Inside one handler's string.
        ("typing in a string", "\"no\"", "\"not you\""),
        // Registered for PUT now: the 201 in `create` needs no Location.
        ("changing a registration", "post(create)", "put(create)"),
        // Unbalanced: the handler may swallow what follows.
        (
            "opening a brace",
            "(StatusCode::UNAUTHORIZED",
            "{ (StatusCode::UNAUTHORIZED",
        ),
        (
            "closing it again",
            "{ (StatusCode::UNAUTHORIZED",
            "(StatusCode::UNAUTHORIZED",
        ),
        (
            "changing a status",
            "StatusCode::UNAUTHORIZED",
            "StatusCode::NO_CONTENT",
        ),
        ("registering for POST again", "put(create)", "post(create)"),
        ("typing in a string again", "\"not you\"", "\"not me\""),
    ];
    let mut last = Vec::new();
    for (n, (what, find, with)) in steps.into_iter().enumerate() {
        let version = n as i64 + 2;
        let (start, end, new) = replace(&text, find, with);
        c.notify(
            "textDocument/didChange",
            did_change(
                URI,
                version,
                json!([{ "range": range_of(&text, start, end, false), "text": new }]),
            ),
        );
        text.replace_range(start..end, &new);
        let edited = c.diagnostics(URI, version);
        let fresh = format!("file:///tmp/statuslint-lsp-test/fresh{n}.rs");
        c.open(&fresh, &text);
        assert_eq!(
            shown(&edited),
            shown(&c.diagnostics(&fresh, 1)),
            "after {what}"
        );
        let location = with_rule(&edited, "missing-created-location").len();
        assert_eq!(
            location,
            usize::from(text.contains("post(create)")),
            "after {what}"
        );
        last = edited;
    }
    // The ignore action after an edit answered from one handler: the comment goes on its own line.
    let d = with_rule(&last, "body-not-allowed")[0].clone();
    let response = c.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": URI }, "range": d["range"], "context": { "diagnostics": [d] } }),
    );
    let ignore = response["result"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == "Ignore `body-not-allowed` on this line")
        .cloned()
        .unwrap();
    let text = apply_and_send(&mut c, &text, &ignore["edit"], 9);
    assert!(text.contains(
        "    // statuslint-ignore: body-not-allowed\n    (StatusCode::NO_CONTENT, \"not me\")"
    ));
    assert!(with_rule(&c.diagnostics(URI, 9), "body-not-allowed").is_empty());
}

#[test]
fn survives_malformed_and_unexpected_input() {
    let mut c = spawn_with(&[("STATUSLINT_LSP_PANIC_MARKER", "PANIC_IN_ANALYSIS")]);
    c.initialize(basic_capabilities(), Value::Null);
    // Not JSON, but well framed.
    let garbage = b"{\"jsonrpc\": \"2.0\", \"method\": ";
    c.send_raw(format!("Content-Length: {}\r\n\r\n", garbage.len()).as_bytes());
    c.send_raw(garbage);
    let (_, err) = c
        .wait_message(TIMEOUT, |m| m.get("method").is_none() && m["id"].is_null())
        .expect("an error response to malformed JSON");
    assert_eq!(err["error"]["code"], -32700, "{err}");
    // Unknown request and notification.
    let response = c.request("statuslint/noSuchMethod", json!({}));
    assert_eq!(response["error"]["code"], -32601, "{response}");
    c.notify("$/noSuchNotification", json!({}));
    // Wrong params.
    let response = c.request("textDocument/hover", json!({ "nonsense": true }));
    assert_eq!(response["error"]["code"], -32602, "{response}");
    // Requests and changes for a document never opened.
    let never = "file:///tmp/never-opened.rs";
    let response = c.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": never }, "position": { "line": 0, "character": 0 } }),
    );
    assert_eq!(response["result"], Value::Null, "{response}");
    let response = c.request(
        "statuslint/documentText",
        json!({ "textDocument": { "uri": never } }),
    );
    assert!(response.get("error").is_some(), "{response}");
    c.notify(
        "textDocument/didChange",
        did_change(never, 2, json!([{ "text": "x" }])),
    );
    // A change whose range is past the end is clamped.
    c.open(URI, AXUM);
    c.diagnostics(URI, 1);
    c.notify(
        "textDocument/didChange",
        did_change(URI, 2, json!([
            { "range": { "start": { "line": 999, "character": 5 }, "end": { "line": 1000, "character": 0 } }, "text": "// end\n" }
        ])),
    );
    let response = c.request(
        "statuslint/documentText",
        json!({ "textDocument": { "uri": URI } }),
    );
    assert_eq!(response["result"]["text"], format!("{AXUM}// end\n"));
    assert_eq!(c.diagnostics(URI, 2).len(), 2);

    // A panic in analysis: no diagnostics for that version, the server keeps going.
    c.notify(
        "textDocument/didChange",
        did_change(URI, 3, json!([
            { "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 0 } }, "text": "// PANIC_IN_ANALYSIS\n" }
        ])),
    );
    let response = c.request(
        "textDocument/diagnostic",
        json!({ "textDocument": { "uri": URI } }),
    );
    assert_eq!(response["result"]["items"], json!([]), "{response}");
    c.notify(
        "textDocument/didChange",
        did_change(URI, 4, json!([
            { "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 1, "character": 0 } }, "text": "" }
        ])),
    );
    assert_eq!(c.diagnostics(URI, 4).len(), 2);
    assert!(
        c.backlog.iter().all(|(_, m)| m["params"]["version"] != 3),
        "diagnostics were published for the version whose analysis panicked"
    );
    assert!(c.stderr().contains("panicked"), "{}", c.stderr());

    // A 10 MB document: kept in sync, not analysed, a warning logged; other documents still served.
    let big_uri = "file:///tmp/statuslint-lsp-test/big.rs";
    let line = "fn f() { let _ = (StatusCode::NO_CONTENT, \"x\"); }\n";
    let big = line.repeat(10 * 1024 * 1024 / line.len() + 1);
    c.open(big_uri, &big);
    let (_, log) = c
        .wait_for("window/logMessage", TIMEOUT, |p| {
            p["message"].as_str().unwrap_or("").contains("not analysed")
        })
        .expect("a warning about the large file");
    assert_eq!(log["params"]["type"], 2);
    c.notify(
        "textDocument/didChange",
        did_change(big_uri, 2, json!([
            { "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 0 } }, "text": "//\n" }
        ])),
    );
    let response = c.request(
        "statuslint/documentText",
        json!({ "textDocument": { "uri": big_uri } }),
    );
    assert_eq!(
        response["result"]["text"].as_str().map(str::len),
        Some(big.len() + 3)
    );
    assert_eq!(c.diagnostics(big_uri, 2), Vec::<Value>::new());
    let response = c.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": URI }, "position": position_of(AXUM, AXUM.find("NO_CONTENT").unwrap(), false) }),
    );
    assert!(response["result"]["contents"]["value"]
        .as_str()
        .unwrap()
        .contains("204 No Content"));

    let status = c.shutdown_and_exit(Duration::from_secs(2)).expect("exited");
    assert_eq!(status.code(), Some(0));
}

#[test]
fn shutdown_then_exit_ends_the_process_promptly_with_stdin_open() {
    let mut c = started(basic_capabilities(), Value::Null);
    c.open(URI, AXUM);
    c.diagnostics(URI, 1);
    let response = c.request("shutdown", Value::Null);
    assert_eq!(response["result"], Value::Null, "{response}");
    // After shutdown, requests are refused.
    let response = c.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": URI }, "position": { "line": 0, "character": 0 } }),
    );
    assert!(response.get("error").is_some(), "{response}");
    let sent = Instant::now();
    c.notify("exit", Value::Null);
    let status = c
        .wait_exit(Duration::from_secs(1))
        .expect("exit within 1 s");
    assert_eq!(status.code(), Some(0));
    assert!(sent.elapsed() < Duration::from_secs(1));

    // `exit` without `shutdown`: code 1, as the protocol says.
    let mut c = started(basic_capabilities(), Value::Null);
    c.notify("exit", Value::Null);
    let status = c
        .wait_exit(Duration::from_secs(1))
        .expect("exit within 1 s");
    assert_eq!(status.code(), Some(1));
}

#[test]
fn exits_when_the_editor_process_dies() {
    let mut editor = std::process::Command::new("sleep")
        .arg("30")
        .spawn()
        .unwrap();
    let mut c = spawn();
    let response = c.request(
        "initialize",
        json!({ "processId": editor.id(), "capabilities": basic_capabilities() }),
    );
    assert!(response.get("result").is_some());
    c.notify("initialized", json!({}));
    editor.kill().unwrap();
    editor.wait().unwrap();
    let status = c
        .wait_exit(Duration::from_secs(8))
        .expect("server exits after its editor");
    assert_ne!(status.code(), Some(0));
}

#[test]
fn settings_from_the_editor_and_statuslint_toml() {
    // initializationOptions turn a rule off.
    let mut c = started(
        basic_capabilities(),
        json!({ "rules": { "missing-www-authenticate": "off" } }),
    );
    c.open(URI, AXUM);
    let diags = c.diagnostics(URI, 1);
    assert!(
        with_rule(&diags, "missing-www-authenticate").is_empty(),
        "{diags:#?}"
    );
    assert_eq!(with_rule(&diags, "body-not-allowed").len(), 1);
    // didChangeConfiguration (VS Code's nesting) turns it back on as a warning and re-lints.
    c.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "statuslint": { "rules": { "missing-www-authenticate": "warning" } } } }),
    );
    let (_, msg) = c
        .wait_for("textDocument/publishDiagnostics", TIMEOUT, |p| {
            p["diagnostics"]
                .as_array()
                .is_some_and(|ds| ds.iter().any(|d| rule_of(d) == "missing-www-authenticate"))
        })
        .expect("re-linted after the settings changed");
    let diags = msg["params"]["diagnostics"].as_array().unwrap();
    assert_eq!(
        with_rule(diags, "missing-www-authenticate")[0]["severity"],
        2
    );

    // statuslint.toml in the document's folder, watched for changes.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("handlers.rs");
    std::fs::write(&file, AXUM).unwrap();
    let config = dir.path().join("statuslint.toml");
    std::fs::write(&config, "[rules]\nbody-not-allowed = \"off\"\n").unwrap();
    let uri = format!("file://{}", file.display());
    let mut caps = basic_capabilities();
    caps["workspace"]["didChangeWatchedFiles"] = json!({ "dynamicRegistration": true });
    let mut c = started(caps, Value::Null);
    c.open(&uri, AXUM);
    let diags = c.diagnostics(&uri, 1);
    assert!(
        with_rule(&diags, "body-not-allowed").is_empty(),
        "{diags:#?}"
    );
    assert_eq!(with_rule(&diags, "missing-www-authenticate").len(), 1);
    let registered = c
        .server_requests
        .iter()
        .find(|r| r["method"] == "client/registerCapability")
        .unwrap_or_else(|| panic!("no registration: {:?}", c.server_requests));
    let reg = &registered["params"]["registrations"][0];
    assert_eq!(reg["method"], "workspace/didChangeWatchedFiles");
    assert_eq!(
        reg["registerOptions"]["watchers"][0]["globPattern"],
        "**/{statuslint.toml,pyproject.toml,package.json}"
    );

    // A broken config: a warning, and linting with the defaults.
    std::fs::write(&config, "[rules\n").unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": format!("file://{}", config.display()), "type": 2 }] }),
    );
    let (_, warning) = c
        .wait_for("window/showMessage", TIMEOUT, |p| {
            p["message"]
                .as_str()
                .unwrap_or("")
                .contains("statuslint.toml")
        })
        .expect("a warning about the broken config");
    assert_eq!(warning["params"]["type"], 2);
    let (_, msg) = c
        .wait_for("textDocument/publishDiagnostics", TIMEOUT, |p| {
            p["uri"] == uri.as_str()
                && p["diagnostics"]
                    .as_array()
                    .is_some_and(|ds| ds.iter().any(|d| rule_of(d) == "body-not-allowed"))
        })
        .expect("defaults after a broken config");
    assert_eq!(msg["params"]["version"], 1);
    let config_diagnostic = |msg: &Value| {
        msg["params"]["diagnostics"]
            .as_array()
            .and_then(|ds| ds.iter().find(|d| rule_of(d) == "config").cloned())
    };
    let shown = config_diagnostic(&msg).expect("a diagnostic about the config file");
    assert!(
        shown["message"]
            .as_str()
            .unwrap()
            .contains("statuslint.toml"),
        "{shown}"
    );

    // A config that is a folder, a dangling link or a link loop: the same, saying what it is.
    #[cfg(unix)]
    for (problem, make) in [
        (
            "is a folder, not a file",
            (|p: &Path| std::fs::create_dir(p)) as fn(&Path) -> std::io::Result<()>,
        ),
        ("which does not exist", |p: &Path| {
            std::os::unix::fs::symlink("gone.toml", p)
        }),
        ("is a symbolic link loop", |p: &Path| {
            std::os::unix::fs::symlink("statuslint.toml", p)
        }),
    ] {
        if config.is_dir() {
            std::fs::remove_dir(&config).unwrap();
        } else {
            std::fs::remove_file(&config).unwrap();
        }
        make(&config).unwrap();
        c.notify(
            "workspace/didChangeWatchedFiles",
            json!({ "changes": [{ "uri": format!("file://{}", config.display()), "type": 2 }] }),
        );
        c.wait_for("window/showMessage", TIMEOUT, |p| {
            p["message"].as_str().unwrap_or("").contains(problem)
        })
        .unwrap_or_else(|| panic!("a window message saying the config {problem}"));
        let (_, msg) = c
            .wait_for("textDocument/publishDiagnostics", TIMEOUT, |p| {
                p["uri"] == uri.as_str()
                    && p["diagnostics"].as_array().is_some_and(|ds| {
                        ds.iter().any(|d| {
                            rule_of(d) == "config"
                                && d["message"].as_str().unwrap_or("").contains(problem)
                        })
                    })
            })
            .unwrap_or_else(|| panic!("a diagnostic saying the config {problem}"));
        assert!(
            msg["params"]["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .any(|d| rule_of(d) == "body-not-allowed"),
            "linted with the defaults"
        );
    }
}

#[test]
fn configuration_is_pulled_when_the_notification_is_empty() {
    let mut caps = basic_capabilities();
    caps["workspace"]["configuration"] = json!(true);
    let mut c = started(caps, Value::Null);
    c.open(URI, AXUM);
    assert_eq!(c.diagnostics(URI, 1).len(), 2);
    c.configuration = json!({ "rules": { "body-not-allowed": "off" } });
    c.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": null }),
    );
    let found = c.wait_for("textDocument/publishDiagnostics", TIMEOUT, |p| {
        p["diagnostics"].as_array().is_some_and(|ds| ds.len() == 1)
    });
    assert!(found.is_some(), "not re-linted with the pulled settings");
    assert!(c
        .server_requests
        .iter()
        .any(|r| r["method"] == "workspace/configuration"
            && r["params"]["items"][0]["section"] == "statuslint"));
}

#[test]
fn clients_that_pull_but_cannot_be_asked_to_refresh_get_pushed_diagnostics() {
    // Neovim 0.11 offers pull without `workspace/diagnostic/refresh`: after a settings change the
    // server could not make it pull again, so it pushes instead.
    let mut caps = basic_capabilities();
    caps["textDocument"]["diagnostic"] = json!({ "dynamicRegistration": false });
    let mut c = spawn();
    let result = c.initialize(caps, Value::Null);
    assert!(result["capabilities"].get("diagnosticProvider").is_none());
    c.open(URI, AXUM);
    assert_eq!(c.diagnostics(URI, 1).len(), 2);
}

#[test]
fn pull_diagnostics_for_clients_that_ask() {
    let mut caps = basic_capabilities();
    caps["textDocument"]["diagnostic"] = json!({ "dynamicRegistration": false });
    caps["workspace"]["diagnostics"] = json!({ "refreshSupport": true });
    let mut c = spawn();
    let result = c.initialize(caps, Value::Null);
    assert_eq!(
        result["capabilities"]["diagnosticProvider"]["interFileDependencies"],
        true
    );
    c.open(URI, AXUM);
    let response = c.request(
        "textDocument/diagnostic",
        json!({ "textDocument": { "uri": URI } }),
    );
    let report = &response["result"];
    assert_eq!(report["kind"], "full", "{response}");
    let items = report["items"].as_array().unwrap();
    assert_eq!(items.len(), 2, "{items:#?}");
    let id = report["resultId"].clone();
    let response = c.request(
        "textDocument/diagnostic",
        json!({ "textDocument": { "uri": URI }, "previousResultId": id }),
    );
    assert_eq!(response["result"]["kind"], "unchanged", "{response}");
    // A client that pulls gets no pushed duplicates.
    assert!(c
        .wait_for(
            "textDocument/publishDiagnostics",
            Duration::from_millis(300),
            |_| true
        )
        .is_none());
}

/// A `didChange` framed badly in each way a broken client or a corrupted pipe frames messages,
/// followed by well-framed requests: the change still applies and every request is answered.
#[test]
fn framing_faults_lose_no_later_message() {
    let framed = |body: &str| format!("Content-Length: {}\r\n\r\n{body}", body.len());
    type Breaker = fn(&str) -> String;
    let cases: [(&str, Breaker); 7] = [
        ("garbage without a line end before the message", |b| {
            format!("hello{}", framed_body(b))
        }),
        ("garbage on a line of its own", |b| {
            format!("hello\r\n{}", framed_body(b))
        }),
        ("two Content-Length headers, the smaller first", |b| {
            format!(
                "Content-Length: {}\r\nContent-Length: {}\r\n\r\n{b}",
                b.len() - 20,
                b.len()
            )
        }),
        ("a Content-Length that is too small", |b| {
            format!("Content-Length: {}\r\n\r\n{b}", b.len() - 20)
        }),
        ("a Content-Length that is too large", |b| {
            format!("Content-Length: {}\r\n\r\n{b}", b.len() + 40)
        }),
        ("JSON without a header", |b| b.to_string()),
        ("LF-only line ends", |b| {
            format!("Content-Length: {}\n\n{b}", b.len())
        }),
    ];
    for (case, breaker) in cases {
        let mut c = started(basic_capabilities(), Value::Null);
        c.open(URI, AXUM);
        c.diagnostics(URI, 1);
        let edited = format!("{AXUM}// edited\n");
        let change = json!({
            "jsonrpc": "2.0",
            "method": "textDocument/didChange",
            "params": did_change(URI, 2, json!([{ "text": edited }])),
        });
        let mut bytes = breaker(&change.to_string());
        let ids = [1001, 1002, 1003];
        for id in ids {
            let request = json!({
                "jsonrpc": "2.0", "id": id, "method": "statuslint/documentText",
                "params": { "textDocument": { "uri": URI } },
            });
            bytes.push_str(&framed(&request.to_string()));
        }
        c.send_raw(bytes.as_bytes());
        for id in ids {
            let response = c.response(id);
            assert_eq!(
                response["result"]["text"].as_str(),
                Some(edited.as_str()),
                "{case}: request {id}: {response}"
            );
        }
        assert_eq!(c.diagnostics(URI, 2).len(), 2, "{case}");
        // The message after all that is still read.
        let hover = c.request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": URI }, "position": position_of(&edited, edited.find("NO_CONTENT").unwrap(), false) }),
        );
        assert!(
            hover["result"]["contents"]["value"]
                .as_str()
                .is_some_and(|v| v.contains("204 No Content")),
            "{case}: {hover}"
        );
    }
}

fn framed_body(body: &str) -> String {
    format!("Content-Length: {}\r\n\r\n{body}", body.len())
}

/// A document whose parse runs out of its 2 s budget: nothing is published for it, the server
/// says why in its log, and another document opened right after it is analysed first.
#[test]
fn a_document_that_parses_too_slowly_delays_no_other() {
    let mut c = started(basic_capabilities(), Value::Null);
    let slow_uri = "file:///tmp/statuslint-lsp-test/slow.rs";
    let slow = hostile_chain(32_000);
    c.open(slow_uri, &slow);
    c.open(URI, AXUM);
    let (published_at, _) = c
        .wait_for("textDocument/publishDiagnostics", TIMEOUT, |p| {
            p["uri"] == URI && p["version"] == 1
        })
        .expect("diagnostics for the other document");
    let (logged_at, log) = c
        .wait_for("window/logMessage", TIMEOUT, |p| {
            p["message"].as_str().unwrap_or("").contains("slow.rs")
        })
        .expect("a log message about the slow document");
    assert!(
        published_at < logged_at,
        "the other document waited for the slow one"
    );
    let message = log["params"]["message"].as_str().unwrap();
    assert!(
        message.contains("skipped, parsing took longer than 2 s"),
        "{message}"
    );
    assert_eq!(log["params"]["type"], 2);
    assert!(
        c.backlog
            .iter()
            .all(|(_, m)| m["params"]["uri"] != slow_uri),
        "diagnostics were published for the skipped document"
    );
    // Its text is still kept, and the other document is still served.
    let response = c.request(
        "statuslint/documentText",
        json!({ "textDocument": { "uri": slow_uri } }),
    );
    assert_eq!(
        response["result"]["text"].as_str().map(str::len),
        Some(slow.len())
    );
    c.notify(
        "textDocument/didChange",
        did_change(URI, 2, json!([{ "text": format!("{AXUM}\n") }])),
    );
    assert_eq!(c.diagnostics(URI, 2).len(), 2);
}

/// The issue's first reproducer: a method chain broken by `repeats` status constants.
fn hostile_chain(repeats: usize) -> String {
    format!(
        "fn f() {{\n    let c = q()\n        .filt{}er(x);\n}}\n",
        "StatusCode::OK, ".repeat(repeats)
    )
}

// --- The workspace index: indexing, cross-file refreshes, watched files, workspace diagnostics ---

const MANIFEST: &str = "[package]\nname = \"svc\"\nversion = \"0.1.0\"\nedition = \"2021\"\n";

const LIB: &str = "pub mod handlers;\npub mod util;\n";

/// A helper that builds the response for a status its caller chooses, without a challenge.
const UTIL: &str = r#"use axum::{http::StatusCode, response::{IntoResponse, Response}, Json};
use serde_json::json;

pub fn json_error(status: StatusCode, msg: &str) -> Response {
    (status, Json(json!({ "error": msg }))).into_response()
}
"#;

/// The same helper, sending a challenge with every response.
const UTIL_WITH_CHALLENGE: &str = r#"use axum::{http::StatusCode, response::{IntoResponse, Response}, Json};
use serde_json::json;

pub fn json_error(status: StatusCode, msg: &str) -> Response {
    (status, [("WWW-Authenticate", "Bearer")], Json(json!({ "error": msg }))).into_response()
}
"#;

/// A handler whose 401 is built by the helper in another file.
const HANDLERS: &str = r#"use axum::{http::StatusCode, response::Response};

use crate::util::json_error;

pub async fn login() -> Response {
    json_error(StatusCode::UNAUTHORIZED, "no token")
}
"#;

/// A file with a problem of its own (no other file involved).
const LOCAL_PROBLEM: &str = r#"use axum::{http::StatusCode, response::IntoResponse};

pub async fn gone() -> impl IntoResponse {
    (StatusCode::NO_CONTENT, "body")
}
"#;

/// A temporary Cargo package (canonical root) with `files` under it.
fn package(files: &[(&str, &str)]) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    write_tree(&root, &[("Cargo.toml", MANIFEST)]);
    write_tree(&root, files);
    (dir, root)
}

fn pull_capabilities() -> Value {
    let mut caps = basic_capabilities();
    caps["textDocument"]["diagnostic"] = json!({ "dynamicRegistration": false });
    caps["workspace"]["diagnostics"] = json!({ "refreshSupport": true });
    caps
}

fn with_progress(mut caps: Value) -> Value {
    caps["window"] = json!({ "workDoneProgress": true });
    caps
}

/// The workspace/diagnostic reports by URI.
fn workspace_reports(c: &mut Client, previous: Value) -> Vec<Value> {
    let response = c.request(
        "workspace/diagnostic",
        json!({ "identifier": "statuslint", "previousResultIds": previous }),
    );
    assert!(response.get("error").is_none(), "{response}");
    response["result"]["items"].as_array().cloned().unwrap()
}

fn report_for<'a>(reports: &'a [Value], uri: &str) -> Option<&'a Value> {
    reports.iter().find(|r| r["uri"] == uri)
}

fn unauthorized_in(diagnostics: &[Value]) -> bool {
    !with_rule(diagnostics, "missing-www-authenticate").is_empty()
}

/// A client that shows related information, started in `root` with the helper's file and the file
/// that uses it open and the index built. Returns it with the `missing-www-authenticate` diagnostic
/// of the using file, checked to sit on `status` and to name the helper's file as related
/// information.
fn related_401(
    root: &Path,
    (helper, helper_text): (&str, &str),
    (user, user_text): (&str, &str),
    status: &str,
) -> (Client, Value) {
    let mut caps = with_progress(basic_capabilities());
    caps["textDocument"]["publishDiagnostics"]["relatedInformation"] = json!(true);
    let mut c = spawn();
    c.initialize_in(caps, Value::Null, root);
    c.open(helper, helper_text);
    c.open(user, user_text);
    c.indexing_done();
    let diags = c.diagnostics_where(user, unauthorized_in);
    let d = with_rule(&diags, "missing-www-authenticate")[0].clone();
    let (start, end) = span_of(user_text, &d, false);
    assert_eq!(&user_text[start..end], status, "{d:#}");
    assert_eq!(
        d["relatedInformation"][0]["location"]["uri"], helper,
        "{d:#}"
    );
    (c, d)
}

#[test]
fn indexing_reports_progress_and_workspace_diagnostics_cover_files_that_are_not_open() {
    let (_dir, root) = package(&[
        ("src/lib.rs", "pub mod gone;\npub mod ok;\n"),
        ("src/gone.rs", LOCAL_PROBLEM),
        (
            "src/ok.rs",
            "pub fn add(a: u32, b: u32) -> u32 {\n    a + b\n}\n",
        ),
        ("target/debug/gen.rs", LOCAL_PROBLEM),
    ]);
    let gone = file_uri(&root.join("src/gone.rs"));
    let mut c = spawn();
    let result = c.initialize_in(with_progress(pull_capabilities()), Value::Null, &root);
    let provider = &result["capabilities"]["diagnosticProvider"];
    assert_eq!(provider["workspaceDiagnostics"], true, "{provider}");
    assert_eq!(provider["interFileDependencies"], true, "{provider}");

    // Progress: created by the server, then begin ... end, the end saying how many files.
    let progress = c.indexing_done();
    assert!(
        c.server_requests
            .iter()
            .any(|r| r["method"] == "window/workDoneProgress/create"
                && r["params"]["token"] == "statuslint/indexing"),
        "{:?}",
        c.server_requests
    );
    assert_eq!(progress[0]["kind"], "begin", "{progress:?}");
    for report in &progress[1..progress.len() - 1] {
        let message = report["message"].as_str().unwrap();
        assert!(
            message.starts_with("indexing ") && message.ends_with("/3 files"),
            "{message}"
        );
    }
    // Three files: target/ is build output.
    assert_eq!(
        progress.last().unwrap()["message"],
        "indexed 3 files",
        "{progress:?}"
    );

    // The problem of a file nobody opened, in a full report; clean files need no report.
    let reports = workspace_reports(&mut c, json!([]));
    let report = report_for(&reports, &gone).unwrap_or_else(|| panic!("{reports:#?}"));
    assert_eq!(report["kind"], "full");
    let items = report["items"].as_array().unwrap();
    assert_eq!(with_rule(items, "body-not-allowed").len(), 1, "{items:#?}");
    assert_eq!(items.len(), 1, "{items:#?}");
    assert!(
        report_for(&reports, &file_uri(&root.join("src/ok.rs"))).is_none(),
        "{reports:#?}"
    );
    assert!(
        !reports
            .iter()
            .any(|r| r["uri"].as_str().unwrap().contains("/target/")),
        "{reports:#?}"
    );

    // Asked again with its result id: unchanged.
    let id = report["resultId"].clone();
    let reports = workspace_reports(&mut c, json!([{ "uri": gone, "value": id }]));
    let report = report_for(&reports, &gone).unwrap();
    assert_eq!(report["kind"], "unchanged", "{report}");

    // Once open, its diagnostics come from textDocument/diagnostic, not the workspace report.
    c.open(&gone, LOCAL_PROBLEM);
    let response = c.request(
        "textDocument/diagnostic",
        json!({ "textDocument": { "uri": gone } }),
    );
    let items = response["result"]["items"].as_array().unwrap();
    assert_eq!(with_rule(items, "body-not-allowed").len(), 1, "{items:#?}");
    let reports = workspace_reports(&mut c, json!([]));
    assert!(report_for(&reports, &gone).is_none(), "{reports:#?}");
}

#[test]
fn push_clients_get_diagnostics_of_files_that_are_not_open_only_with_the_setting() {
    let files = [
        ("src/lib.rs", "pub mod gone;\n"),
        ("src/gone.rs", LOCAL_PROBLEM),
    ];
    let (_dir, root) = package(&files);
    let gone = file_uri(&root.join("src/gone.rs"));

    // Off by default: indexing publishes nothing for closed files.
    let mut c = spawn();
    c.initialize_in(with_progress(basic_capabilities()), Value::Null, &root);
    c.indexing_done();
    assert!(c
        .wait_for(
            "textDocument/publishDiagnostics",
            Duration::from_millis(500),
            |p| p["uri"] == gone
        )
        .is_none());

    let mut c = spawn();
    let options = json!({ "statuslint": { "workspaceDiagnostics": true } });
    c.initialize_in(with_progress(basic_capabilities()), options, &root);
    c.indexing_done();
    let (_, msg) = c
        .wait_for("textDocument/publishDiagnostics", TIMEOUT, |p| {
            p["uri"] == gone
        })
        .unwrap_or_else(|| panic!("no diagnostics for the closed file; {}", c.stderr()));
    let diags = msg["params"]["diagnostics"].as_array().unwrap();
    assert_eq!(with_rule(diags, "body-not-allowed").len(), 1, "{diags:#?}");
    assert!(
        msg["params"].get("version").is_none_or(Value::is_null),
        "{msg}"
    );

    // Fixed on disk and reported by the watcher: the file's diagnostics are cleared.
    std::fs::write(
        root.join("src/gone.rs"),
        LOCAL_PROBLEM.replace(
            "(StatusCode::NO_CONTENT, \"body\")",
            "StatusCode::NO_CONTENT",
        ),
    )
    .unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": gone, "type": 2 }] }),
    );
    let cleared = c.diagnostics_where(&gone, |d| d.is_empty());
    assert!(cleared.is_empty());
}

#[test]
fn editing_a_helper_adds_and_removes_a_diagnostic_in_another_open_file() {
    let (_dir, root) = package(&[
        ("src/lib.rs", LIB),
        ("src/util.rs", UTIL),
        ("src/handlers.rs", HANDLERS),
    ]);
    let util = file_uri(&root.join("src/util.rs"));
    let handlers = file_uri(&root.join("src/handlers.rs"));
    // Reported at the status the handler wrote, with the helper as related information.
    let (mut c, d) = related_401(&root, (&util, UTIL), (&handlers, HANDLERS), "UNAUTHORIZED");
    let line = d["relatedInformation"][0]["location"]["range"]["start"]["line"]
        .as_u64()
        .unwrap();
    assert!(
        UTIL.lines().nth(line as usize).unwrap().contains("status"),
        "{d:#}"
    );
    assert!(
        !d["message"].as_str().unwrap().contains(" at src/util.rs:"),
        "{d:#}"
    );

    // Hover on the call says where the response is built.
    let at = HANDLERS.find("UNAUTHORIZED").unwrap();
    let hover = c.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": handlers }, "position": position_of(HANDLERS, at, false) }),
    );
    let shown = hover["result"]["contents"]["value"].as_str().unwrap_or("");
    assert!(shown.contains("src/util.rs:"), "{hover}");
    // It says what response the call builds.
    assert!(
        shown.contains("Builds a `401 Unauthorized` response"),
        "{hover}"
    );

    // The helper now sends a challenge: the handler's diagnostic goes, without the handler
    // being edited.
    let whole = range_of(UTIL, 0, UTIL.len(), false);
    c.notify(
        "textDocument/didChange",
        did_change(
            &util,
            2,
            json!([{ "range": whole, "text": UTIL_WITH_CHALLENGE }]),
        ),
    );
    assert!(c.diagnostics(&util, 2).is_empty());
    let diags = c.diagnostics_where(&handlers, |d| !unauthorized_in(d));
    assert!(diags.is_empty(), "{diags:#?}");

    // And back.
    let whole = range_of(UTIL_WITH_CHALLENGE, 0, UTIL_WITH_CHALLENGE.len(), false);
    c.notify(
        "textDocument/didChange",
        did_change(&util, 3, json!([{ "range": whole, "text": UTIL }])),
    );
    c.diagnostics_where(&handlers, unauthorized_in);
}

#[test]
fn a_watched_change_on_disk_refreshes_an_open_file_that_uses_it() {
    let (_dir, root) = package(&[
        ("src/lib.rs", LIB),
        ("src/util.rs", UTIL),
        ("src/handlers.rs", HANDLERS),
    ]);
    let util_path = root.join("src/util.rs");
    let util = file_uri(&util_path);
    let handlers = file_uri(&root.join("src/handlers.rs"));
    // No relatedInformation: the place goes into the message.
    let mut caps = with_progress(basic_capabilities());
    caps["workspace"]["didChangeWatchedFiles"] = json!({ "dynamicRegistration": true });
    let mut c = spawn();
    c.initialize_in(caps, Value::Null, &root);
    c.open(&handlers, HANDLERS);
    c.indexing_done();
    let registration = c
        .server_requests
        .iter()
        .find(|r| r["method"] == "client/registerCapability")
        .unwrap_or_else(|| panic!("no registration: {:?}", c.server_requests));
    let globs: Vec<&Value> = registration["params"]["registrations"][0]["registerOptions"]
        ["watchers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| &w["globPattern"])
        .collect();
    assert!(globs.contains(&&json!("**/Cargo.toml")), "{globs:?}");
    assert!(
        globs.iter().any(|g| g.as_str().unwrap().contains("rs,")),
        "{globs:?}"
    );

    // The newest publish: the one from before the index was built (clean) must not answer the
    // wait for the challenge below.
    let diags = c.latest_diagnostics_where(&handlers, unauthorized_in);
    let d = with_rule(&diags, "missing-www-authenticate")[0];
    assert!(
        d.get("relatedInformation").is_none_or(Value::is_null),
        "{d:#}"
    );
    assert!(
        d["message"].as_str().unwrap().contains(" at src/util.rs:"),
        "{d:#}"
    );

    std::fs::write(&util_path, UTIL_WITH_CHALLENGE).unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": util, "type": 2 }] }),
    );
    let diags = c.latest_diagnostics_where(&handlers, |d| !unauthorized_in(d));
    assert!(diags.is_empty(), "{diags:#?}");

    std::fs::write(&util_path, UTIL).unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": util, "type": 2 }] }),
    );
    c.latest_diagnostics_where(&handlers, unauthorized_in);

    // Deleted: the helper is unknown, so nothing is reported.
    std::fs::remove_file(&util_path).unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": util, "type": 3 }] }),
    );
    let diags = c.latest_diagnostics_where(&handlers, |d| !unauthorized_in(d));
    assert!(diags.is_empty(), "{diags:#?}");
}

/// Two watched changes of one file in quick succession, the first to a version that is slow to
/// read: the server ends at what is on disk, and nothing published after it goes back.
#[test]
fn watched_changes_in_quick_succession_end_at_what_is_on_disk() {
    let (_dir, root) = package(&[
        ("src/lib.rs", LIB),
        ("src/util.rs", UTIL),
        ("src/handlers.rs", HANDLERS),
    ]);
    let util_path = root.join("src/util.rs");
    let util = file_uri(&util_path);
    let handlers = file_uri(&root.join("src/handlers.rs"));
    let mut caps = with_progress(basic_capabilities());
    caps["workspace"]["didChangeWatchedFiles"] = json!({ "dynamicRegistration": true });
    let mut c = spawn();
    c.initialize_in(caps, Value::Null, &root);
    c.open(&handlers, HANDLERS);
    c.indexing_done();
    // Where the response is built, as the finding's message names it.
    let built_at = |line: usize| {
        move |diags: &[Value]| {
            with_rule(diags, "missing-www-authenticate")
                .iter()
                .any(|d| {
                    d["message"]
                        .as_str()
                        .unwrap()
                        .contains(&format!(" at src/util.rs:{line}"))
                })
        }
    };
    c.latest_diagnostics_where(&handlers, built_at(5));

    // A challenge, in a file long enough that reading it takes a while...
    let mut slow = UTIL_WITH_CHALLENGE.to_string();
    for i in 0..4000 {
        slow.push_str(&format!(
            "\npub fn filler_{i}(n: u32) -> u32 {{\n    n + {i}\n}}\n"
        ));
    }
    std::fs::write(&util_path, slow).unwrap();
    let changed = json!({ "changes": [{ "uri": util, "type": 2 }] });
    c.notify("workspace/didChangeWatchedFiles", changed.clone());
    // ...replaced while the server reads it by the helper without one, two lines further down.
    std::thread::sleep(Duration::from_millis(30));
    std::fs::write(&util_path, format!("// moved\n// down\n{UTIL}")).unwrap();
    c.notify("workspace/didChangeWatchedFiles", changed);

    c.latest_diagnostics_where(&handlers, built_at(7));
    let later = c.publishes_until_quiet(&handlers, Duration::from_secs(1));
    assert!(later.iter().all(|d| built_at(7)(d)), "{later:#?}");
}

#[test]
fn workspace_diagnostics_follow_helpers_across_files() {
    let (_dir, root) = package(&[
        ("src/lib.rs", LIB),
        ("src/util.rs", UTIL),
        ("src/handlers.rs", HANDLERS),
    ]);
    let util = file_uri(&root.join("src/util.rs"));
    let handlers = file_uri(&root.join("src/handlers.rs"));
    let mut caps = with_progress(pull_capabilities());
    caps["textDocument"]["publishDiagnostics"] = json!({ "relatedInformation": true });
    let mut c = spawn();
    c.initialize_in(caps, Value::Null, &root);
    c.indexing_done();
    let reports = workspace_reports(&mut c, json!([]));
    let report = report_for(&reports, &handlers).unwrap_or_else(|| panic!("{reports:#?}"));
    let items = report["items"].as_array().unwrap();
    let found = with_rule(items, "missing-www-authenticate");
    assert_eq!(found.len(), 1, "{items:#?}");
    assert_eq!(found[0]["relatedInformation"][0]["location"]["uri"], util);
    // The helper itself is not where the author chose the status: nothing there.
    assert!(report_for(&reports, &util).is_none(), "{reports:#?}");

    // The helper fixed in the editor (open, not saved): the handler's report changes, and the
    // client is asked to pull again.
    let id = report["resultId"].clone();
    let since = c.server_requests.len();
    c.open(&util, UTIL);
    let whole = range_of(UTIL, 0, UTIL.len(), false);
    c.notify(
        "textDocument/didChange",
        did_change(
            &util,
            2,
            json!([{ "range": whole, "text": UTIL_WITH_CHALLENGE }]),
        ),
    );
    assert!(
        c.wait_server_request("workspace/diagnostic/refresh", since),
        "no refresh since {since}; {:?}; stderr:\n{}",
        c.server_requests,
        c.stderr()
    );
    let reports = workspace_reports(&mut c, json!([{ "uri": handlers, "value": id }]));
    let report = report_for(&reports, &handlers).unwrap_or_else(|| panic!("{reports:#?}"));
    assert_eq!(report["kind"], "full", "{report}");
    assert!(report["items"].as_array().unwrap().is_empty(), "{report}");
}

/// The server reports what `check` reports on the same package (shared/repro L1 and L4): a helper
/// imported under an alias, and a helper handing its status to another through a `crate::` path,
/// in files nobody opened and with the helpers' file open.
#[test]
fn aliased_helpers_and_chains_are_reported_as_check_reports_them() {
    let util = "use axum::http::StatusCode;\nuse axum::response::{IntoResponse, Response};\n\n\
        pub fn json_error(status: StatusCode, message: &str) -> Response {\n    crate::util::reply(status, message)\n}\n\n\
        pub fn reply(status: StatusCode, message: &str) -> Response {\n    (status, message.to_string()).into_response()\n}\n";
    let (_dir, root) = package(&[
        ("src/lib.rs", "pub mod util;\npub mod alias;\npub mod chain;\n"),
        ("src/util.rs", util),
        (
            "src/alias.rs",
            "use axum::http::StatusCode;\nuse axum::response::Response;\nuse crate::util::reply as answer;\n\npub async fn refuse() -> Response {\n    answer(StatusCode::METHOD_NOT_ALLOWED, \"no\")\n}\n",
        ),
        (
            "src/chain.rs",
            "use axum::http::StatusCode;\nuse axum::response::Response;\n\npub async fn part() -> Response {\n    crate::util::json_error(StatusCode::PARTIAL_CONTENT, \"some\")\n}\n",
        ),
    ]);
    let alias = file_uri(&root.join("src/alias.rs"));
    let chain = file_uri(&root.join("src/chain.rs"));
    let rules = |reports: &[Value], uri: &str| -> Vec<String> {
        report_for(reports, uri)
            .and_then(|r| r["items"].as_array())
            .map(|items| items.iter().map(|d| rule_of(d).to_string()).collect())
            .unwrap_or_default()
    };
    let mut c = spawn();
    c.initialize_in(with_progress(pull_capabilities()), Value::Null, &root);
    c.indexing_done();
    // Nothing open, then the helpers' file open: the same reports for the files that use them.
    for open in [false, true] {
        if open {
            c.open(&file_uri(&root.join("src/util.rs")), util);
        }
        let reports = workspace_reports(&mut c, json!([]));
        let found = (rules(&reports, &alias), rules(&reports, &chain));
        let expected = (
            vec!["missing-allow".to_string()],
            vec!["missing-content-range".to_string()],
        );
        assert_eq!(found, expected, "util.rs open: {open}; {reports:#?}");
    }
}

/// An Express error-handling middleware in `src/app.js` and a route module that hands its errors to
/// `next`: the routes' diagnostics depend on what the middleware sends.
const EXPRESS_APP: &str = "const express = require('express');
const users = require('./routes/users');

const app = express();
app.use('/users', users);

app.use((err, req, res, next) => {
  res.status(err.status || 500).json({ message: err.message });
});

module.exports = app;
";
const EXPRESS_ROUTES: &str = "const { Router } = require('express');

const router = Router();

router.get('/me', (req, res, next) => {
  if (!req.user) {
    return next({ status: 401, message: 'login required' });
  }
  res.json(req.user);
});

module.exports = router;
";

#[test]
fn editing_an_error_middleware_in_one_module_changes_the_diagnostics_of_another() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    write_tree(
        &root,
        &[
            (
                "package.json",
                r#"{ "name": "users-service", "main": "src/app.js" }"#,
            ),
            ("src/app.js", EXPRESS_APP),
            ("src/routes/users.js", EXPRESS_ROUTES),
        ],
    );
    let app = file_uri(&root.join("src/app.js"));
    let routes = file_uri(&root.join("src/routes/users.js"));
    // Reported at the status the route wrote, with the middleware that sends it as related
    // information.
    let (mut c, d) = related_401(&root, (&app, EXPRESS_APP), (&routes, EXPRESS_ROUTES), "401");
    let related = &d["relatedInformation"][0]["location"];
    let line = related["range"]["start"]["line"].as_u64().unwrap() as usize;
    assert!(
        EXPRESS_APP
            .lines()
            .nth(line)
            .unwrap()
            .contains("err, req, res, next"),
        "{d:#}"
    );

    // The middleware now sends a challenge with every error: the route's diagnostic goes
    // without the route module being edited.
    let at = EXPRESS_APP.find("  res.status(err.status").unwrap();
    let challenge = "  res.set('WWW-Authenticate', 'Bearer');\n";
    let point = position_of(EXPRESS_APP, at, false);
    c.notify(
        "textDocument/didChange",
        did_change(
            &app,
            2,
            json!([{ "range": { "start": point, "end": point }, "text": challenge }]),
        ),
    );
    assert!(c.diagnostics(&app, 2).is_empty());
    let diags = c.diagnostics_where(&routes, |d| !unauthorized_in(d));
    assert!(diags.is_empty(), "{diags:#?}");

    // And back: the challenge is removed again.
    let mut edited = EXPRESS_APP.to_string();
    edited.insert_str(at, challenge);
    let range = range_of(&edited, at, at + challenge.len(), false);
    c.notify(
        "textDocument/didChange",
        did_change(&app, 3, json!([{ "range": range, "text": "" }])),
    );
    c.diagnostics_where(&routes, unauthorized_in);
}

#[test]
fn a_workspace_diagnostic_pull_out_of_time_answers_what_it_has_and_the_next_pulls_go_on() {
    // 120 modules with a problem each; the answer may spend no time reading files, so each pull
    // reads only a few of them and later pulls go on from the reports cached before.
    let mut files = vec![("src/lib.rs".to_string(), String::new())];
    for i in 0..120 {
        files[0].1.push_str(&format!("pub mod m{i};\n"));
        files.push((format!("src/m{i}.rs"), LOCAL_PROBLEM.to_string()));
    }
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let (_dir, root) = package(&files);
    let mut c = spawn_with(&[("STATUSLINT_WORKSPACE_DIAGNOSTIC_BUDGET_MS", "0")]);
    c.initialize_in(with_progress(pull_capabilities()), Value::Null, &root);
    c.indexing_done();

    let mut seen: HashMap<String, String> = HashMap::new();
    let mut first = None;
    // Each pull reads at least one file: 121 pulls read all 121.
    for _ in 0..=120 {
        let previous: Vec<Value> = seen
            .iter()
            .map(|(uri, id)| json!({ "uri": uri, "value": id }))
            .collect();
        let reports = workspace_reports(&mut c, json!(previous));
        for r in &reports {
            if r["kind"] == "full" {
                let items = r["items"].as_array().unwrap();
                assert_eq!(with_rule(items, "body-not-allowed").len(), 1, "{r:#}");
            }
            let id = r["resultId"].as_str().unwrap().to_string();
            seen.insert(r["uri"].as_str().unwrap().to_string(), id);
        }
        first.get_or_insert(reports.len());
        if seen.len() == 120 {
            break;
        }
    }
    // The first answer did not read everything. (It may report nothing: the one file it is sure to
    // read can be `lib.rs`, which has no problem and so no report.)
    let first = first.unwrap();
    assert!(first < 120, "first answer: {first} files");
    assert_eq!(
        seen.len(),
        120,
        "every module reported after repeated pulls"
    );
    // Once all are read, one answer holds them all, unchanged.
    let previous: Vec<Value> = seen
        .iter()
        .map(|(uri, id)| json!({ "uri": uri, "value": id }))
        .collect();
    let reports = workspace_reports(&mut c, json!(previous));
    assert_eq!(reports.len(), 120);
    assert!(
        reports.iter().all(|r| r["kind"] == "unchanged"),
        "{reports:#?}"
    );
}

const GO_RESPOND: &str = "package main\n\nimport \"net/http\"\n\nfunc writeError(w http.ResponseWriter, status int, msg string) {\n\tw.WriteHeader(status)\n\tw.Write([]byte(msg))\n}\n";
const GO_RESPOND_WITH_CHALLENGE: &str = "package main\n\nimport \"net/http\"\n\nfunc writeError(w http.ResponseWriter, status int, msg string) {\n\tw.Header().Set(\"WWW-Authenticate\", \"Bearer\")\n\tw.WriteHeader(status)\n\tw.Write([]byte(msg))\n}\n";
const GO_HANDLERS: &str = "package main\n\nimport \"net/http\"\n\nfunc login(w http.ResponseWriter, r *http.Request) {\n\twriteError(w, http.StatusUnauthorized, \"no token\")\n}\n";

/// A Go module: a handler's call to a helper in another file of its package is reported at the
/// status it passes, and editing the helper to send the challenge clears it.
#[test]
fn go_helpers_of_the_package_are_followed_across_files() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    write_tree(
        &root,
        &[
            ("go.mod", "module example.com/app\n\ngo 1.22\n"),
            ("respond.go", GO_RESPOND),
            ("main.go", GO_HANDLERS),
        ],
    );
    let respond = file_uri(&root.join("respond.go"));
    let handlers = file_uri(&root.join("main.go"));
    let (mut c, _) = related_401(
        &root,
        (&respond, GO_RESPOND),
        (&handlers, GO_HANDLERS),
        "http.StatusUnauthorized",
    );

    let whole = range_of(GO_RESPOND, 0, GO_RESPOND.len(), false);
    c.notify(
        "textDocument/didChange",
        did_change(
            &respond,
            2,
            json!([{ "range": whole, "text": GO_RESPOND_WITH_CHALLENGE }]),
        ),
    );
    let diags = c.diagnostics_where(&handlers, |d| !unauthorized_in(d));
    assert!(diags.is_empty(), "{diags:#?}");
}
