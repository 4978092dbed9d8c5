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
