//! What a user sees on FastAPI code: the diagnostics and their fixes.

use std::path::Path;

use crate::config::Settings;
use crate::extract::Language;
use crate::lint;

fn python() -> Language {
    Language::from_path(Path::new("app/main.py")).expect("a Python file")
}

/// (rule, the text the diagnostic points at) for each diagnostic of `src`.
fn diagnostics(src: &str) -> Vec<(&'static str, String)> {
    lint::check_source_in(python(), src, &Settings::default())
        .into_iter()
        .map(|d| (d.rule.name, src[d.span.start..d.span.end].to_string()))
        .collect()
}

#[test]
fn python_files_and_documents() {
    let of = |p: &str| Language::from_path(Path::new(p)).map(|l| l.name);
    assert_eq!(of("app/main.py"), Some("python"));
    // Stubs hold no code.
    assert_eq!(of("app/main.pyi"), None);
    assert_eq!(Language::from_language_id("python"), Some(python()));
    let tree = python()
        .parser()
        .parse("def f():\n    return 1\n", None)
        .unwrap();
    assert!(!tree.root_node().has_error());
    for dir in [".venv", "venv", "site-packages", "__pycache__"] {
        assert!(
            python().skips_dir(Path::new("/p"), std::ffi::OsStr::new(dir)),
            "{dir}"
        );
    }
}

const APP: &str = r#"from fastapi import Depends, FastAPI, HTTPException, status

app = FastAPI()


def current_user(token: str = ""):
    if not token:
        raise HTTPException(status_code=401, detail="Not authenticated")
    return token


@app.get("/items/{item_id}")
async def read_item(item_id: int, user=Depends(current_user)):
    if item_id == 0:
        raise HTTPException(status_code=status.HTTP_401_UNAUTHORIZED, detail="no")
    if item_id == 1:
        raise HTTPException(
            status_code=401,
            detail="Invalid token",
            headers={"WWW-Authenticate": "Bearer"},
        )
    if item_id == 2:
        raise HTTPException(404, "missing")
    return {"id": item_id}


def helper():
    # Not a route nor a dependency: silent.
    raise HTTPException(status_code=401)


def test_client(client):
    response = client.get("/items/1")
    assert response.status_code == 401
"#;

#[test]
fn http_exceptions_raised_by_routes_and_their_dependencies() {
    assert_eq!(
        diagnostics(APP),
        [
            ("missing-www-authenticate", "401".to_string()),
            (
                "missing-www-authenticate",
                "status.HTTP_401_UNAUTHORIZED".to_string()
            ),
        ]
    );
}

#[test]
fn the_fix_adds_the_challenge_to_the_exception() {
    let outcome = lint::fix_all_in(python(), APP, &Settings::default(), true).expect("fixed");
    assert_eq!(outcome.applied, 2);
    assert!(outcome.text.contains(
        r#"raise HTTPException(status_code=401, detail="Not authenticated", headers={"WWW-Authenticate": "Bearer"})"#
    ));
    assert!(outcome.text.contains(
        r#"raise HTTPException(status_code=status.HTTP_401_UNAUTHORIZED, detail="no", headers={"WWW-Authenticate": "Bearer"})"#
    ));
    assert!(diagnostics(&outcome.text).is_empty());
}

#[test]
fn a_trailing_comma_or_an_empty_call_keeps_the_call_valid() {
    let src = "@router.post(\"/login\")\ndef login():\n    raise HTTPException(\n        status_code=401,\n    )\n";
    let outcome = lint::fix_all_in(python(), src, &Settings::default(), true).expect("fixed");
    assert!(
        outcome
            .text
            .contains("status_code=401, headers={\"WWW-Authenticate\": \"Bearer\"}"),
        "{}",
        outcome.text
    );
    assert!(!python()
        .parser()
        .parse(&outcome.text, None)
        .unwrap()
        .root_node()
        .has_error());
}

/// The messages of each diagnostic of `src`.
fn messages(src: &str) -> Vec<String> {
    lint::check_source_in(python(), src, &Settings::default())
        .into_iter()
        .map(|d| d.message)
        .collect()
}

#[test]
fn flask_and_fastapi_apps_in_one_file_are_each_read_once() {
    let src = r#"from fastapi import FastAPI
from fastapi.responses import PlainTextResponse
from flask import Flask, Response

api = FastAPI()
web = Flask(__name__)


@api.delete("/a")
async def a():
    return PlainTextResponse("gone", status_code=204)


@web.delete("/b")
def b():
    return Response("gone", 204)
"#;
    let found = messages(src);
    assert_eq!(found.len(), 2, "{found:?}");
    // Werkzeug's note is on the Flask response only.
    assert!(!found[0].contains("Werkzeug"), "{}", found[0]);
    assert!(found[1].contains("Werkzeug drops it"), "{}", found[1]);
}

#[test]
fn quart_responses_are_awaited_and_get_no_werkzeug_note() {
    let src = r#"from quart import Quart, make_response

app = Quart(__name__)


@app.delete("/items/<int:item_id>")
async def delete_item(item_id):
    response = await make_response({"deleted": item_id}, 204)
    return response
"#;
    assert_eq!(
        diagnostics(src),
        [("body-not-allowed", "{\"deleted\": item_id}".to_string())]
    );
    assert!(!messages(src)[0].contains("Werkzeug"));
}

#[test]
fn views_registered_by_name_are_handlers() {
    let src = r#"from flask import Flask

app = Flask(__name__)


def login():
    return "log in", 401


def helper():
    return "log in", 401


app.add_url_rule("/login", view_func=login)
"#;
    assert_eq!(
        diagnostics(src),
        [("missing-www-authenticate", "401".to_string())]
    );
}

#[test]
fn a_hook_silences_only_the_headers_it_names() {
    let named = r#"from flask import Flask

app = Flask(__name__)


@app.after_request
def security(response):
    response.headers["X-Frame-Options"] = "DENY"
    return response


@app.get("/")
def index():
    return "no", 401
"#;
    assert_eq!(
        diagnostics(named),
        [("missing-www-authenticate", "401".to_string())]
    );
    // A header name the hook computes may be any header.
    let computed = named.replace("[\"X-Frame-Options\"]", "[name]");
    assert!(diagnostics(&computed).is_empty());
    // So may a hook that hands the response to another function.
    let handed = named.replace(
        "response.headers[\"X-Frame-Options\"] = \"DENY\"",
        "decorate(response)",
    );
    assert!(diagnostics(&handed).is_empty());
}

#[test]
fn the_tuple_fix_adds_the_challenge_and_empties_the_body() {
    let src = r#"from flask import Flask, jsonify

app = Flask(__name__)


@app.get("/a")
def a():
    return jsonify(error="no"), 401


@app.delete("/b")
def b():
    return {"deleted": True}, 204
"#;
    let outcome = lint::fix_all_in(python(), src, &Settings::default(), true).expect("fixed");
    assert_eq!(outcome.applied, 2);
    assert!(outcome
        .text
        .contains(r#"return jsonify(error="no"), 401, {"WWW-Authenticate": "Bearer"}"#));
    // `None` would make Flask raise a TypeError: the empty string is an empty body.
    assert!(outcome.text.contains(r#"return "", 204"#));
    assert!(diagnostics(&outcome.text).is_empty());
}

#[test]
fn deeply_nested_flask_code_does_not_overflow() {
    let depth = 5_000;
    let src = format!(
        "from flask import Flask\napp = Flask(__name__)\n@app.get(\"/\")\ndef f():\n    return {}1{}, 204\n",
        "(".repeat(depth),
        ")".repeat(depth)
    );
    // Nothing to assert but that it returns: a wrong status or body is not read from this.
    let _ = diagnostics(&src);
    let calls = format!(
        "from flask import Flask, abort\napp = Flask(__name__)\n@app.get(\"/\")\ndef f():\n    abort({}401{})\n",
        "f(".repeat(depth),
        ")".repeat(depth)
    );
    assert!(diagnostics(&calls).is_empty());
}

/// Random edits all over the Python fixtures, the example service and the cross-module projects
/// (dependencies, helpers, exception classes and handlers: index facts): a re-read that keeps the
/// items the edits did not touch gives what a read from scratch gives.
#[test]
fn updated_segments_equal_a_full_read() {
    use crate::extract::segments::testing;
    let files = testing::corpus(
        &[
            "tests/fixtures",
            "examples/python-service",
            "tests/projects/fastapi-deps",
            "tests/projects/fastapi-handled",
            "tests/projects/flask-helpers",
        ],
        |l| l == python(),
    );
    assert!(files.len() >= 8, "corpus not found");
    testing::updated_segments_equal_a_full_read::<super::PyItems>(
        files,
        || python().parser(),
        &[
            "x", " ", "\n", "\"", "'", "(", ")", ":", ",", "#", "@", "=", "1", "    ",
        ],
        true,
    );
}

/// An edit inside one route keeps the facts of the file's other items.
#[test]
fn an_edit_in_one_route_keeps_the_others() {
    let text = "from fastapi import FastAPI, HTTPException\n\napp = FastAPI()\n\n\n@app.get(\"/a\")\nasync def a():\n    raise HTTPException(status_code=401)\n\n\n@app.get(\"/b\")\nasync def b():\n    raise HTTPException(status_code=401)\n";
    let mut parser = python().parser();
    let tree = parser.parse(text, None).expect("parsed");
    let segments = super::Segments::read(text, &tree);
    let reusable = segments.reusable_count();
    assert!(reusable >= 4, "{reusable} reusable items");
}

/// Django and aiohttp files give their view classes, route tables and handlers registered by name
/// as registrations too: a re-read keeps their untouched items (the randomized test above edits
/// these fixtures).
#[test]
fn django_and_aiohttp_items_are_kept() {
    for fixture in [
        include_str!("../../../../tests/fixtures/django/views.py"),
        include_str!("../../../../tests/fixtures/django/drf.py"),
        include_str!("../../../../tests/fixtures/aiohttp/handlers.py"),
    ] {
        let tree = python().parser().parse(fixture, None).expect("parsed");
        let segments = super::Segments::read(fixture, &tree);
        let reusable = segments.reusable_count();
        assert!(
            reusable * 2 > segments.items.len(),
            "{reusable} of {} items reusable",
            segments.items.len()
        );
    }
}

/// The walk gathering the readers' nodes enters every call registering an exception handler or
/// a middleware (the index's renderers are read from the gathered calls).
#[test]
fn renderer_calls_are_walked() {
    for token in super::helpers::RENDERER_TOKENS {
        assert!(
            super::WALKED.iter().any(|(t, _)| t == token),
            "{token} not walked"
        );
    }
}
