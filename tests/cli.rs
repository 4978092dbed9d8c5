//! End-to-end tests of the `statuslint` binary: exit codes, the text, JSON and SARIF formats, fixes,
//! stdin, configuration, file discovery and bad input. Each test runs the real binary in a temp dir.

use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::Value;
use statuslint::rules;
use tempfile::TempDir;

const BIN: &str = env!("CARGO_BIN_EXE_statuslint");

/// An axum 401 without `WWW-Authenticate` (missing-www-authenticate, error, on `UNAUTHORIZED`).
const AXUM_401: &str = "use axum::http::StatusCode;
use axum::response::IntoResponse;

async fn login() -> impl IntoResponse { (StatusCode::UNAUTHORIZED, \"no\") }
";

/// An axum 204 with a body (body-not-allowed, error, with a safe fix).
const AXUM_204_BODY: &str = "use axum::{http::StatusCode, response::IntoResponse, Json};

async fn delete_item(item: Item) -> impl IntoResponse {
    (StatusCode::NO_CONTENT, Json(item))
}
";

/// An actix-web 204 with a JSON body (body-not-allowed).
const ACTIX_204_BODY: &str = "use actix_web::HttpResponse;

async fn delete_item(item: web::Json<Item>) -> HttpResponse {
    HttpResponse::NoContent().json(item)
}
";

const CLEAN: &str = "use axum::http::StatusCode;

async fn ok() -> impl axum::response::IntoResponse { (StatusCode::OK, \"fine\") }
";

/// A 201 without `Location` from a POST whose router also serves the items below it: a hint,
/// which does not fail the run.
const AXUM_201_HINT: &str = "use axum::{http::StatusCode, routing::{get, post}, Json, Router};

async fn create(item: Item) -> impl axum::response::IntoResponse {
    (StatusCode::CREATED, Json(item))
}

fn router() -> Router {
    Router::new().route(\"/items\", post(create)).route(\"/items/{id}\", get(show))
}
";

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn finish(output: Output) -> Run {
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let Some(code) = output.status.code() else {
        panic!("statuslint was killed by a signal: {stderr}");
    };
    assert!(
        !stderr.contains("panicked"),
        "statuslint panicked: {stderr}"
    );
    Run {
        code,
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr,
    }
}

fn command(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.args(args).current_dir(dir).env_remove("NO_COLOR");
    cmd
}

fn statuslint(dir: &Path, args: &[&str]) -> Run {
    finish(
        command(dir, args)
            .stdin(Stdio::null())
            .output()
            .expect("run statuslint"),
    )
}

fn statuslint_stdin(dir: &Path, args: &[&str], input: &[u8]) -> Run {
    use std::io::Write;
    let mut child = command(dir, args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run statuslint");
    let mut stdin = child.stdin.take().expect("stdin");
    stdin.write_all(input).expect("write stdin");
    drop(stdin);
    finish(child.wait_with_output().expect("wait"))
}

fn write(dir: &Path, rel: &str, contents: impl AsRef<[u8]>) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, contents).unwrap();
}

fn read(dir: &Path, rel: &str) -> String {
    std::fs::read_to_string(dir.join(rel)).unwrap()
}

fn json(run: &Run) -> Vec<Value> {
    let value: Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", run.stdout));
    value.as_array().expect("a JSON array").clone()
}

/// The 1-based line and character column of the first `needle` in `text`.
fn position_of(text: &str, needle: &str) -> (u64, u64) {
    let at = text.find(needle).expect("needle in text");
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line = text[..at].matches('\n').count() + 1;
    let column = text[line_start..at].chars().count() + 1;
    (line as u64, column as u64)
}

fn temp() -> TempDir {
    tempfile::tempdir().unwrap()
}

#[test]
fn exit_codes() {
    let dir = temp();
    let d = dir.path();
    write(d, "clean/ok.rs", CLEAN);
    write(d, "bad/login.rs", AXUM_401);
    write(d, "hint/create.rs", AXUM_201_HINT);

    let run = statuslint(d, &["check", "clean"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("All checks passed!"), "{}", run.stdout);

    let run = statuslint(d, &["check", "bad"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains("Found 1 problem (1 error)"),
        "{}",
        run.stdout
    );

    // Hints are shown but do not fail the run.
    let run = statuslint(d, &["check", "hint"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(run.stdout.contains("hint[missing-created-location]"));

    // The default path is the current folder.
    let run = statuslint(d, &["check"]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("bad/login.rs"));

    let run = statuslint(d, &["check", "--format", "xml"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("xml"), "{}", run.stderr);

    let run = statuslint(d, &["check", "does-not-exist"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("does-not-exist"), "{}", run.stderr);

    // A missing path is an error even when other paths have findings, and those are still reported.
    let run = statuslint(d, &["check", "bad", "nope.rs"]);
    assert_eq!(run.code, 2);
    assert!(run.stdout.contains("bad/login.rs"));
    assert!(run.stderr.contains("nope.rs"));

    let run = statuslint(d, &["frobnicate"]);
    assert_eq!(run.code, 2);
}

#[test]
fn text_output_snapshot() {
    let dir = temp();
    let d = dir.path();
    write(d, "src/handlers.rs", format!("{AXUM_401}\n{AXUM_204_BODY}"));
    let run = statuslint(d, &["check", "--color", "never"]);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!("text_output", run.stdout);
}

#[test]
fn text_output_shape() {
    let dir = temp();
    let d = dir.path();
    write(d, "src/login.rs", AXUM_401);
    let run = statuslint(d, &["check"]);
    let (line, column) = position_of(AXUM_401, "UNAUTHORIZED");
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        lines[0],
        format!(
            "src/login.rs:{line}:{column}: error[missing-www-authenticate] {}",
            lines[0].split("] ").nth(1).unwrap()
        )
    );
    assert!(lines[0].contains("401"), "the message names the status");
    // The source line, then markers exactly under `UNAUTHORIZED`.
    let source = AXUM_401.lines().nth(line as usize - 1).unwrap();
    assert_eq!(lines[2], format!("{line} | {source}"));
    let marker_line = lines[3];
    let gutter = "  | ";
    assert!(marker_line.starts_with(gutter), "{marker_line}");
    let markers = &marker_line[gutter.len()..];
    assert_eq!(markers.trim_start().len(), "UNAUTHORIZED".len());
    assert!(markers.trim_start().chars().all(|c| c == '^'));
    assert_eq!(
        markers.len() - markers.trim_start().len(),
        column as usize - 1
    );
    assert!(
        lines[4].starts_with("  = help: Add `WWW-Authenticate"),
        "{}",
        lines[4]
    );
    // Piped output has no colour; --color always forces it.
    assert!(!run.stdout.contains('\x1b'));
    let run = statuslint(d, &["check", "--color", "always"]);
    assert!(run.stdout.contains("\x1b["));
}

#[test]
fn json_format() {
    let dir = temp();
    let d = dir.path();
    // Non-ASCII before the span: columns count characters, not bytes or UTF-16 units.
    let source = "use axum::http::StatusCode;

async fn login() -> impl axum::response::IntoResponse { let why = \"grüße 😀\"; (StatusCode::UNAUTHORIZED, why) }
";
    write(d, "src/login.rs", source);
    write(d, "src/delete.rs", AXUM_204_BODY);
    let run = statuslint(d, &["check", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let items = json(&run);
    assert_eq!(items.len(), 2, "{}", run.stdout);
    // Sorted by path.
    assert_eq!(items[0]["path"], "src/delete.rs");
    assert_eq!(items[1]["path"], "src/login.rs");

    let login = &items[1];
    assert_eq!(login["rule"], "missing-www-authenticate");
    assert_eq!(login["severity"], "error");
    assert!(login["message"].as_str().unwrap().contains("401"));
    assert_eq!(
        login["url"],
        rules::by_name("missing-www-authenticate")
            .unwrap()
            .citation
            .url()
    );
    let (line, column) = position_of(source, "UNAUTHORIZED");
    let byte_column = source
        .lines()
        .nth(line as usize - 1)
        .unwrap()
        .find("UNAUTHORIZED")
        .unwrap()
        + 1;
    assert_ne!(
        column, byte_column as u64,
        "the line has multi-byte characters"
    );
    assert_eq!(login["range"]["start"]["line"], line);
    assert_eq!(login["range"]["start"]["column"], column);
    assert_eq!(login["range"]["end"]["line"], line);
    assert_eq!(
        login["range"]["end"]["column"],
        column + "UNAUTHORIZED".len() as u64
    );
    let fix = &login["fix"];
    assert_eq!(fix["applicability"], "unsafe");
    assert!(fix["title"].as_str().unwrap().contains("WWW-Authenticate"));
    let edit = &fix["edits"][0];
    assert!(edit["new_text"]
        .as_str()
        .unwrap()
        .contains("WWW-Authenticate"));
    assert!(edit["range"]["start"]["line"].is_u64() && edit["range"]["end"]["column"].is_u64());

    let delete = &items[0];
    assert_eq!(delete["rule"], "body-not-allowed");
    assert_eq!(delete["fix"]["applicability"], "safe");
    for item in &items {
        for key in ["path", "rule", "severity", "message", "range", "fix", "url"] {
            assert!(item.get(key).is_some(), "missing `{key}` in {item}");
        }
    }

    // No findings: an empty array, still valid JSON.
    write(d, "src/login.rs", CLEAN);
    write(d, "src/delete.rs", CLEAN);
    let run = statuslint(d, &["check", "--format", "json"]);
    assert_eq!(run.code, 0);
    assert!(json(&run).is_empty());
}

#[test]
fn sarif_format() {
    let dir = temp();
    let d = dir.path();
    write(d, "src/login.rs", AXUM_401);
    let run = statuslint(d, &["check", "--format", "sarif"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let sarif: Value = serde_json::from_str(&run.stdout).expect("SARIF is JSON");
    assert_eq!(sarif["version"], "2.1.0");
    assert!(sarif["$schema"]
        .as_str()
        .unwrap()
        .contains("sarif-schema-2.1.0"));
    let run0 = &sarif["runs"][0];
    let driver = &run0["tool"]["driver"];
    assert_eq!(driver["name"], "statuslint");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    assert!(driver["informationUri"]
        .as_str()
        .unwrap()
        .starts_with("https://"));
    let descriptors = driver["rules"].as_array().unwrap();
    // Every rule, then the io-error pseudo-rule of files that could not be checked.
    assert_eq!(descriptors.len(), rules::ALL.len() + 1);
    assert_eq!(descriptors[rules::ALL.len()]["id"], "io-error");
    for (descriptor, rule) in descriptors.iter().zip(rules::ALL) {
        assert_eq!(descriptor["id"], rule.name);
        assert!(!descriptor["shortDescription"]["text"]
            .as_str()
            .unwrap()
            .is_empty());
        assert!(!descriptor["fullDescription"]["text"]
            .as_str()
            .unwrap()
            .is_empty());
        assert_eq!(descriptor["helpUri"], rule.citation.url());
        let level = descriptor["defaultConfiguration"]["level"]
            .as_str()
            .unwrap();
        assert!(["error", "warning", "note"].contains(&level), "{level}");
    }
    let results = run0["results"].as_array().unwrap();
    assert_eq!(results.len(), 1);
    let result = &results[0];
    assert_eq!(result["ruleId"], "missing-www-authenticate");
    let index = result["ruleIndex"].as_u64().unwrap() as usize;
    assert_eq!(descriptors[index]["id"], result["ruleId"]);
    assert_eq!(result["level"], "error");
    assert!(result["message"]["text"].as_str().unwrap().contains("401"));
    let location = &result["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "src/login.rs");
    let (line, column) = position_of(AXUM_401, "UNAUTHORIZED");
    let region = &location["region"];
    assert_eq!(region["startLine"], line);
    assert_eq!(region["startColumn"], column);
    assert_eq!(region["endLine"], line);
    assert_eq!(region["endColumn"], column + "UNAUTHORIZED".len() as u64);
    let change = &result["fixes"][0]["artifactChanges"][0];
    assert_eq!(change["artifactLocation"]["uri"], "src/login.rs");
    let replacement = &change["replacements"][0];
    assert!(replacement["deletedRegion"]["startLine"].is_u64());
    assert!(replacement["insertedContent"]["text"]
        .as_str()
        .unwrap()
        .contains("WWW-Authenticate"));
}

#[test]
fn fix_applies_safe_fixes_atomically() {
    use std::os::unix::fs::PermissionsExt;
    let dir = temp();
    let d = dir.path();
    write(d, "src/delete.rs", AXUM_204_BODY);
    write(d, "src/login.rs", AXUM_401);
    std::fs::set_permissions(
        d.join("src/delete.rs"),
        std::fs::Permissions::from_mode(0o640),
    )
    .unwrap();

    let run = statuslint(d, &["check", "--fix"]);
    // The 401's fix is unsafe: it stays, so the run still fails.
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout.contains("Fixed 1 problem in 1 file."),
        "{}",
        run.stdout
    );
    let fixed = read(d, "src/delete.rs");
    assert_ne!(fixed, AXUM_204_BODY);
    assert!(!fixed.contains("Json(item)"), "{fixed}");
    let settings = statuslint::config::Settings::default();
    assert!(statuslint::lint::check_source_in(
        statuslint::extract::Language::from_path(std::path::Path::new("src/delete.rs")).unwrap(),
        &fixed,
        &settings
    )
    .is_empty());
    assert_eq!(
        read(d, "src/login.rs"),
        AXUM_401,
        "unsafe fixes need --unsafe-fixes"
    );
    let mode = std::fs::metadata(d.join("src/delete.rs"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o640, "permissions are kept");
    let mut names: Vec<String> = std::fs::read_dir(d.join("src"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["delete.rs", "login.rs"],
        "no temporary file is left"
    );

    let run = statuslint(d, &["check", "--unsafe-fixes"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(read(d, "src/login.rs").contains("WWW-Authenticate"));
    let run = statuslint(d, &["check"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
}

#[test]
fn fix_leaves_files_with_syntax_errors_alone() {
    let dir = temp();
    let d = dir.path();
    let broken = format!("fn broken( {{\n\n{AXUM_204_BODY}");
    write(d, "src/broken.rs", &broken);
    let run = statuslint(d, &["check", "--fix"]);
    assert_eq!(read(d, "src/broken.rs"), broken);
    assert!(
        run.stderr.contains("src/broken.rs") && run.stderr.contains("not fixed"),
        "{}",
        run.stderr
    );
    // What parses is still linted and reported.
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("body-not-allowed"), "{}", run.stdout);
}

#[test]
fn actix_body_on_204() {
    let dir = temp();
    let d = dir.path();
    write(d, "src/items.rs", ACTIX_204_BODY);
    let run = statuslint(d, &["check", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let items = json(&run);
    assert_eq!(items.len(), 1, "{}", run.stdout);
    assert_eq!(items[0]["rule"], "body-not-allowed");
    assert_eq!(items[0]["severity"], "error");
}

#[test]
fn stdin_mode() {
    let dir = temp();
    let d = dir.path();
    let run = statuslint_stdin(
        d,
        &["check", "-", "--stdin-filename", "src/login.rs"],
        AXUM_401.as_bytes(),
    );
    assert_eq!(run.code, 1);
    let (line, column) = position_of(AXUM_401, "UNAUTHORIZED");
    assert!(
        run.stdout.starts_with(&format!(
            "src/login.rs:{line}:{column}: error[missing-www-authenticate]"
        )),
        "{}",
        run.stdout
    );

    // Without a name the output says `-`; `--stdin-filename` alone also reads stdin.
    let run = statuslint_stdin(d, &["check", "-"], AXUM_401.as_bytes());
    assert!(run.stdout.starts_with("-:"), "{}", run.stdout);
    let run = statuslint_stdin(
        d,
        &["check", "--stdin-filename", "x.rs"],
        AXUM_401.as_bytes(),
    );
    assert!(run.stdout.starts_with("x.rs:"), "{}", run.stdout);

    // The stdin file name selects the config.
    write(
        d,
        "quiet/statuslint.toml",
        "[rules]\nmissing-www-authenticate = \"off\"\n",
    );
    let run = statuslint_stdin(
        d,
        &["check", "-", "--stdin-filename", "quiet/login.rs"],
        AXUM_401.as_bytes(),
    );
    assert_eq!(run.code, 0, "{}", run.stdout);

    // With --fix the fixed source goes to stdout and the report to stderr.
    let run = statuslint_stdin(
        d,
        &["check", "-", "--fix", "--stdin-filename", "src/d.rs"],
        AXUM_204_BODY.as_bytes(),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        !run.stdout.contains("Json(item)") && run.stdout.contains("NO_CONTENT"),
        "{}",
        run.stdout
    );
    assert!(run.stderr.contains("Fixed 1 problem"), "{}", run.stderr);
    // Source that cannot be fixed comes back unchanged.
    let run = statuslint_stdin(d, &["check", "-", "--fix"], AXUM_401.as_bytes());
    assert_eq!(run.stdout, AXUM_401);
    assert_eq!(run.code, 1);

    // Stdin that is not UTF-8 is an io-error finding, not a silent pass.
    let run = statuslint_stdin(d, &["check", "-"], b"fn x() {}\xff\xfe\n");
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stdout.contains(
            "-:1:1: error[io-error] not UTF-8 text (invalid byte at offset 9); not checked"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn config_is_found_above_each_file() {
    let dir = temp();
    let d = dir.path();
    write(
        d,
        "statuslint.toml",
        "[rules]\nmissing-www-authenticate = \"warning\"\n",
    );
    write(d, "a/login.rs", AXUM_401);
    write(
        d,
        "b/statuslint.toml",
        "[rules]\nmissing-www-authenticate = \"off\"\n",
    );
    write(d, "b/login.rs", AXUM_401);
    let run = statuslint(d, &["check", "--format", "json"]);
    let items = json(&run);
    assert_eq!(items.len(), 1, "{}", run.stdout);
    assert_eq!(items[0]["path"], "a/login.rs");
    assert_eq!(items[0]["severity"], "warning");
    assert_eq!(run.code, 1);
    // Run from inside a folder, the config above the working folder still applies.
    let run = statuslint(&d.join("a"), &["check", "--format", "json"]);
    assert_eq!(json(&run)[0]["severity"], "warning");
}

#[test]
fn broken_config_is_a_clear_error() {
    let dir = temp();
    let d = dir.path();
    write(d, "good/login.rs", AXUM_401);
    write(d, "bad/statuslint.toml", "[rules\n");
    write(d, "bad/login.rs", AXUM_401);
    write(d, "bad/more.rs", AXUM_401);
    let run = statuslint(d, &["check"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("bad/statuslint.toml"), "{}", run.stderr);
    assert_eq!(
        run.stderr.matches("bad/statuslint.toml").count(),
        1,
        "reported once: {}",
        run.stderr
    );
    // Files under a good config are still checked.
    assert!(run.stdout.contains("good/login.rs"));
    assert!(!run.stdout.contains("bad/login.rs"));

    write(
        d,
        "bad/statuslint.toml",
        "[rules]\nmissing-alow = \"off\"\n",
    );
    let run = statuslint(d, &["check", "bad"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("bad/statuslint.toml") && run.stderr.contains("missing-alow"),
        "{}",
        run.stderr
    );
    assert!(!run.stdout.contains("All checks passed"), "{}", run.stdout);
}

/// An Express 401 without `WWW-Authenticate` (missing-www-authenticate, error).
const EXPRESS_401: &str = "import express from 'express';
const app = express();
app.get('/me', (req, res) => {
  res.status(401).json({ error: 'sign in' });
});
";

#[test]
fn pyproject_and_package_json_hold_settings_like_statuslint_toml() {
    let dir = temp();
    let d = dir.path();
    // [tool.statuslint] in pyproject.toml, with the rest of the file left alone.
    write(
        d,
        "api/pyproject.toml",
        "[project]\nname = \"api\"\n\n[tool.ruff]\nline-length = 100\n\n[tool.statuslint]\nexclude = [\"generated/**\"]\n\n[tool.statuslint.rules]\nmissing-www-authenticate = \"warning\"\n",
    );
    write(d, "api/src/login.rs", AXUM_401);
    write(d, "api/generated/login.rs", AXUM_401);
    // The "statuslint" key of package.json; statuslint as a dependency there is no config.
    write(
        d,
        "web/package.json",
        r#"{ "name": "web", "devDependencies": { "statuslint": "0.1.0" },
  "statuslint": { "rules": { "missing-www-authenticate": "off" } } }"#,
    );
    write(d, "web/src/server.ts", EXPRESS_401);
    write(
        d,
        "plain/package.json",
        r#"{ "name": "plain", "devDependencies": { "statuslint": "0.1.0" } }"#,
    );
    write(d, "plain/server.ts", EXPRESS_401);
    let run = statuslint(d, &["check", "--format", "json"]);
    let found: Vec<(String, String)> = json(&run)
        .iter()
        .map(|i| {
            (
                i["path"].as_str().unwrap().to_string(),
                i["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("api/src/login.rs".to_string(), "warning".to_string()),
            ("plain/server.ts".to_string(), "error".to_string()),
        ],
        "{}",
        run.stdout
    );

    // --show-settings names the file (and the part of it) that configures a file.
    let run = statuslint(d, &["check", "--show-settings", "api/src/login.rs"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("configured by: api/pyproject.toml ([tool.statuslint])"),
        "{}",
        run.stdout
    );
    assert!(run
        .stdout
        .contains("exclude: generated/** (relative to api)"));
    assert!(run.stdout.contains("missing-www-authenticate    warning *"));
    let run = statuslint(d, &["check", "--show-settings", "web/src/server.ts"]);
    assert!(
        run.stdout
            .contains("configured by: web/package.json (\"statuslint\" key)"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("missing-www-authenticate    off *"));
    let run = statuslint(d, &["check", "--show-settings", "plain/server.ts"]);
    assert!(
        run.stdout.contains("configured by: nothing"),
        "{}",
        run.stdout
    );

    // A statuslint.toml beside them wins.
    write(d, "web/statuslint.toml", "allowed-status-codes = [499]\n");
    let run = statuslint(d, &["check", "--show-settings", "web/src/server.ts"]);
    assert!(
        run.stdout.contains("configured by: web/statuslint.toml\n"),
        "{}",
        run.stdout
    );
    let run = statuslint(d, &["check", "--format", "json", "web"]);
    assert_eq!(json(&run).len(), 1, "{}", run.stdout);
}

#[test]
fn broken_pyproject_and_package_json_settings_are_clear_errors() {
    let cases: [(&str, &str, &str); 5] = [
        (
            "pyproject.toml",
            "[tool.statuslint.rules]\nmissing-alow = \"off\"\n",
            "error: pyproject.toml ([tool.statuslint]): unknown rule `missing-alow`; did you mean `missing-allow`?",
        ),
        (
            "pyproject.toml",
            "[tool.statuslint]\ncolour = 1\n",
            "error: invalid pyproject.toml ([tool.statuslint]): TOML parse error at line 2",
        ),
        (
            "pyproject.toml",
            "[tool.statuslint\nexclude = []\n",
            "error: invalid pyproject.toml ([tool.statuslint]): TOML parse error at line 1",
        ),
        (
            "package.json",
            r#"{ "statuslint": { "rules": { "missing-allow": "loud" } } }"#,
            "error: package.json (\"statuslint\" key): rule `missing-allow`: unknown level `loud`",
        ),
        (
            "package.json",
            r#"{ "statuslint": { "exclude": "generated" } }"#,
            "error: invalid package.json (\"statuslint\" key): invalid type: string \"generated\", expected a sequence",
        ),
    ];
    for (name, text, message) in cases {
        let dir = temp();
        let d = dir.path();
        write(d, name, text);
        write(d, "src/login.rs", AXUM_401);
        write(d, "src/server.ts", EXPRESS_401);
        let run = statuslint(d, &["check"]);
        assert_eq!(run.code, 2, "{name}: {text}\n{}{}", run.stdout, run.stderr);
        assert!(
            run.stderr.contains(message),
            "{name}: {text}\n{}",
            run.stderr
        );
        assert!(!run.stdout.contains("src/login.rs"), "{}", run.stdout);
        let run = statuslint(d, &["check", "--show-settings", "src/server.ts"]);
        assert_eq!(run.code, 2, "{}", run.stdout);
        assert!(run.stderr.contains(message), "{}", run.stderr);
    }
}

#[test]
fn gitignore_and_exclude_globs() {
    let dir = temp();
    let d = dir.path();
    write(d, ".gitignore", "generated/\n");
    write(d, "generated/login.rs", AXUM_401);
    write(d, "statuslint.toml", "exclude = [\"legacy/**\"]\n");
    write(d, "legacy/login.rs", AXUM_401);
    write(d, "src/ok.rs", CLEAN);
    write(d, "src/notes.txt", AXUM_401);
    let run = statuslint(d, &["check"]);
    assert_eq!(run.code, 0, "{}", run.stdout);

    // Files named on the command line are checked, whatever their extension (ruff's rule)...
    let run = statuslint(
        d,
        &[
            "check",
            "generated/login.rs",
            "legacy/login.rs",
            "src/notes.txt",
        ],
    );
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stdout
            .matches("error[missing-www-authenticate]")
            .count(),
        3,
        "{}",
        run.stdout
    );
    // ...unless --force-exclude applies the config's globs to them too.
    let run = statuslint(
        d,
        &["check", "--force-exclude", "legacy/login.rs", "src/ok.rs"],
    );
    assert_eq!(run.code, 0, "{}", run.stdout);
}

#[test]
fn unreadable_and_binary_files_do_not_stop_the_run() {
    let dir = temp();
    let d = dir.path();
    write(d, "src/login.rs", AXUM_401);
    write(d, "src/latin1.rs", b"// caf\xe9\nfn x() {}\n");
    let binary: Vec<u8> = (0..4096u32).map(|i| (i * 7 % 256) as u8).collect();
    write(d, "src/blob.rs", &binary);
    // Valid UTF-8 but not Rust: control characters and NULs.
    write(d, "src/nul.rs", b"\0\0\x01\x02 fn \0 ((( \x7f");
    let run = statuslint(d, &["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stdout.contains("src/login.rs"));
    // Files that were not checked are findings (as ruff's io-error), and the summary counts them.
    for name in ["src/latin1.rs:1:1", "src/blob.rs:1:1"] {
        assert!(
            run.stdout
                .contains(&format!("{name}: error[io-error] not UTF-8 text")),
            "{}",
            run.stdout
        );
    }
    assert!(
        run.stdout.contains(
            "Checked 2 files; skipped 2 unreadable or not UTF-8 (io-error).\nFound 3 problems (3 errors);"
        ),
        "{}",
        run.stdout
    );

    // A non-UTF-8 file next to a clean one never gives "All checks passed!".
    write(d, "clean/ok.rs", CLEAN);
    write(d, "clean/latin1.rs", b"// caf\xe9\n");
    let run = statuslint(d, &["check", "clean"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(!run.stdout.contains("All checks passed"), "{}", run.stdout);
    assert!(
        run.stdout.contains("Found 1 problem (1 error)."),
        "{}",
        run.stdout
    );
    let run = statuslint(d, &["check", "--format", "json", "clean"]);
    let elements = json(&run);
    assert_eq!(elements.len(), 1, "{}", run.stdout);
    assert_eq!(elements[0]["rule"], "io-error");
    assert_eq!(elements[0]["path"], "clean/latin1.rs");
    assert!(elements[0]["citation"].is_null());

    // An exclude glob in statuslint.toml keeps it out, and the summary says so.
    write(d, "clean/statuslint.toml", "exclude = [\"latin1.rs\"]\n");
    let run = statuslint(d, &["check", "clean"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stdout
            .contains("Checked 1 file; skipped 1 file excluded by `exclude`.\nAll checks passed!"),
        "{}",
        run.stdout
    );
    // The same glob in pyproject.toml: the summary names the setting, never a file that is not there.
    std::fs::remove_file(d.join("clean/statuslint.toml")).unwrap();
    write(
        d,
        "clean/pyproject.toml",
        b"[project]\nname = \"x\"\n\n[tool.statuslint]\nexclude = [\"latin1.rs\"]\n",
    );
    let run = statuslint(d, &["check", "clean"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stdout.contains("skipped 1 file excluded by `exclude`.")
            && !run.stdout.contains("statuslint.toml"),
        "{}",
        run.stdout
    );
}

#[test]
fn huge_file() {
    let dir = temp();
    let d = dir.path();
    let mut source = String::from("use axum::http::StatusCode;\n");
    let mut i = 0;
    while source.len() < 10 * 1024 * 1024 {
        source.push_str(&format!(
            "async fn h{i}() -> impl axum::response::IntoResponse {{ (StatusCode::OK, \"fine {i}\") }}\n"
        ));
        i += 1;
    }
    source.push_str(AXUM_401.lines().nth(3).unwrap());
    source.push('\n');
    write(d, "big.rs", &source);
    let run = statuslint(d, &["check", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let items = json(&run);
    assert_eq!(items.len(), 1);
    assert_eq!(
        items[0]["range"]["start"]["line"],
        source.lines().count() as u64
    );
}

#[test]
fn deep_nesting_does_not_crash() {
    let dir = temp();
    let d = dir.path();
    let n = 10_000;
    let login = AXUM_401.lines().nth(3).unwrap();
    let forms = [
        format!("{}1{}", "(".repeat(n), ")".repeat(n)),
        format!("{}1{}", "{ ".repeat(n), " }".repeat(n)),
        format!("{}1{}", "f(".repeat(n), ")".repeat(n)),
        format!("x{}", ".map(|v| v)".repeat(n)),
        format!("{}1{}", "[".repeat(n), "]".repeat(n)),
        format!("{}1", "-".repeat(n)),
        format!("{}1", "1 + ".repeat(n)),
        // Enum variants built inside each other (read for the package's variant uses).
        format!("{}1{}", "ApiError::Wrapped(".repeat(n), ")".repeat(n)),
    ];
    for (i, form) in forms.iter().enumerate() {
        let source =
            format!("use axum::http::StatusCode;\nfn deep() {{ let x = {form}; }}\n{login}\n");
        write(d, &format!("deep{i}.rs"), &source);
    }
    // Nested items too: modules and closures inside a handler.
    let modules = format!("{}{login}{}", "mod m { ".repeat(n), " }".repeat(n));
    write(d, "modules.rs", &modules);
    let closures = format!(
        "async fn h() -> impl axum::response::IntoResponse {{ {}(StatusCode::UNAUTHORIZED, \"no\"){} }}\n",
        "(|| ".repeat(n),
        ")()".repeat(n)
    );
    write(d, "closures.rs", &closures);
    let run = statuslint(d, &["check", "--format", "json"]);
    assert!(
        run.code == 0 || run.code == 1,
        "exit {}: {}",
        run.code,
        run.stderr
    );
    let items = json(&run);
    for i in 0..forms.len() {
        let path = format!("deep{i}.rs");
        assert!(
            items.iter().any(|item| item["path"] == path.as_str()),
            "the 401 after the deep expression in {path} is still found"
        );
    }
}

#[test]
fn deep_typescript_and_javascript_do_not_crash() {
    let dir = temp();
    let d = dir.path();
    let n = 10_000;
    let login = "app.get('/me', (req, res) => res.status(401).end());";
    let forms = [
        format!("{}1{}", "(".repeat(n), ")".repeat(n)),
        format!("{}1{}", "f(".repeat(n), ")".repeat(n)),
        format!("{}1{}", "[".repeat(n), "]".repeat(n)),
        format!("x{}", ".map((v) => v)".repeat(n)),
        format!("{}1", "(a) => ".repeat(n)),
        format!("{}1", "-".repeat(n)),
    ];
    for (i, form) in forms.iter().enumerate() {
        let ext = if i % 2 == 0 { "ts" } else { "js" };
        let source = format!(
            "app.get('/deep', (req, res) => {{ res.status(204).send({form}); }});\n{login}\n"
        );
        write(d, &format!("deep{i}.{ext}"), &source);
    }
    // Nested blocks and callbacks inside a handler, around the response.
    let blocks = format!(
        "app.get('/', (req, res) => {{ {}res.status(401).end();{} }});\n",
        "{ ".repeat(n),
        " }".repeat(n)
    );
    write(d, "blocks.ts", &blocks);
    let run = statuslint(d, &["check", "--format", "json"]);
    assert!(run.code == 1, "exit {}: {}", run.code, run.stderr);
    let items = json(&run);
    for i in 0..forms.len() {
        let ext = if i % 2 == 0 { "ts" } else { "js" };
        let path = format!("deep{i}.{ext}");
        assert!(
            items
                .iter()
                .any(|item| item["path"] == path.as_str()
                    && item["rule"] == "missing-www-authenticate"),
            "the 401 after the deep expression in {path} is still found"
        );
    }
}

#[test]
fn the_walk_skips_node_modules_and_bundles() {
    let dir = temp();
    let d = dir.path();
    let handler = "app.get('/me', (req, res) => res.status(401).end());\n";
    write(d, "src/app.ts", handler);
    write(d, "src/legacy.cjs", handler);
    write(d, "node_modules/express/index.js", handler);
    write(d, "public/app.min.js", handler);
    write(
        d,
        "public/bundle.js",
        format!("{}{handler}", " ".repeat(120 * 1024)).replace('\n', " "),
    );
    write(d, "src/types.d.ts", handler);
    let run = statuslint(d, &["check", "--format", "json"]);
    let paths: Vec<String> = json(&run)
        .iter()
        .map(|item| item["path"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(paths, ["src/app.ts", "src/legacy.cjs"]);
    // Named on the command line, a bundle is checked.
    let run = statuslint(d, &["check", "--format", "json", "public/app.min.js"]);
    assert_eq!(json(&run).len(), 1);
}

#[test]
fn output_order_is_deterministic() {
    let dir = temp();
    let d = dir.path();
    for name in ["z.rs", "a/b.rs", "a.rs", "m/n/o.rs", "m/a.rs"] {
        write(d, name, format!("{AXUM_401}\n{AXUM_204_BODY}"));
    }
    let first = statuslint(d, &["check", "--format", "json"]);
    let items = json(&first);
    let keys: Vec<(String, u64, u64)> = items
        .iter()
        .map(|i| {
            (
                i["path"].as_str().unwrap().to_string(),
                i["range"]["start"]["line"].as_u64().unwrap(),
                i["range"]["start"]["column"].as_u64().unwrap(),
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort_by(|a, b| {
        Path::new(&a.0)
            .cmp(Path::new(&b.0))
            .then((a.1, a.2).cmp(&(b.1, b.2)))
    });
    assert_eq!(keys, sorted);
    assert_eq!(keys.len(), 10);
    for threads in ["1", "2", "4"] {
        let again = statuslint(d, &["check", "--format", "json", "--threads", threads]);
        assert_eq!(again.stdout, first.stdout);
    }
}

#[test]
fn rule_command() {
    let dir = temp();
    let d = dir.path();
    let run = statuslint(d, &["rule", "missing-www-authenticate"]);
    assert_eq!(run.code, 0);
    let rule = rules::by_name("missing-www-authenticate").unwrap();
    assert!(run.stdout.starts_with(rule.name));
    assert!(run.stdout.contains("Default severity: error"));
    assert!(run.stdout.contains(&rule.citation.to_string()));
    assert!(run.stdout.contains(&rule.citation.url()));
    assert!(run.stdout.contains("## What it does") && run.stdout.contains("## Why is this bad?"));

    let run = statuslint(d, &["rule", "missing-retry-after"]);
    assert!(
        run.stdout.contains("Default severity: off"),
        "{}",
        run.stdout
    );

    let run = statuslint(d, &["rule", "--all"]);
    assert_eq!(run.code, 0);
    for rule in rules::ALL {
        let line = run
            .stdout
            .lines()
            .find(|l| l.split_whitespace().next() == Some(rule.name))
            .unwrap_or_else(|| panic!("{} is listed", rule.name));
        let default = rule.default_severity.map_or("off", |s| s.as_str());
        assert_eq!(line.split_whitespace().nth(1), Some(default), "{line}");
        assert!(line.contains(rule.summary));
    }

    let run = statuslint(d, &["rule", "missing-www-authentcate"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("unknown rule")
            && run
                .stderr
                .contains("did you mean `missing-www-authenticate`"),
        "{}",
        run.stderr
    );
    let run = statuslint(d, &["rule"]);
    assert_eq!(run.code, 2);
}

#[test]
fn help_version_and_lsp() {
    let dir = temp();
    let d = dir.path();
    let run = statuslint(d, &["--version"]);
    assert_eq!(run.code, 0);
    assert_eq!(
        run.stdout.trim(),
        format!("statuslint {}", env!("CARGO_PKG_VERSION"))
    );
    let run = statuslint(d, &["--help"]);
    assert_eq!(run.code, 0);
    for word in ["check", "rule", "lsp", "RFC 9110"] {
        assert!(run.stdout.contains(word), "{word}: {}", run.stdout);
    }
    let run = statuslint(d, &["check", "--help"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains("--format") && run.stdout.contains("Exit status"));
    assert!(
        !run.stdout.contains("parse-only"),
        "benchmark flags stay hidden"
    );
    // VS Code's client appends --stdio.
    let run = statuslint(d, &["lsp", "--stdio", "--help"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn no_rust_files() {
    let dir = temp();
    let d = dir.path();
    write(d, "README.md", "# nothing here\n");
    let run = statuslint(d, &["check"]);
    assert_eq!(run.code, 0);
    assert!(
        run.stderr
            .contains("no Rust, TypeScript, JavaScript, Python or Go files to check"),
        "{}",
        run.stderr
    );
    let run = statuslint(d, &["check", "--format", "json"]);
    assert!(json(&run).is_empty());
}

#[test]
fn parse_only_reads_and_parses() {
    let dir = temp();
    let d = dir.path();
    write(d, "a.rs", AXUM_401);
    write(d, "b.rs", CLEAN);
    let run = statuslint(d, &["check", "--parse-only"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains("Parsed 2 files."), "{}", run.stdout);
}

#[test]
fn skipping_files_without_status_tokens_changes_nothing() {
    // The repository's own fixture corpus and examples: every finding must survive the prefilter.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let args = ["check", "--format", "json", "tests/fixtures", "examples"];
    let skipped = statuslint(&root, &args);
    let full = statuslint(&root, &[&args[..], &["--no-skip"]].concat());
    assert_eq!(skipped.code, full.code);
    assert_eq!(skipped.stdout, full.stdout);
    assert!(!json(&full).is_empty(), "the corpus has findings");
}

#[test]
fn github_format() {
    let dir = temp();
    let d = dir.path();
    write(d, "src/login.rs", AXUM_401);
    write(d, "src/create.rs", AXUM_201_HINT);
    let run = statuslint(d, &["check", "--format", "github"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let (line, column) = position_of(AXUM_401, "UNAUTHORIZED");
    let end = column + "UNAUTHORIZED".len() as u64;
    let expected = format!(
        "::error file=src/login.rs,line={line},col={column},endLine={line},endColumn={end},\
         title=missing-www-authenticate::`401 Unauthorized` response has no `WWW-Authenticate` \
         header (RFC 9110 §15.5.2)%0AFix: Add `WWW-Authenticate: Bearer` (placeholder value: \
         review it; unsafe)"
    );
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(lines.contains(&expected.as_str()), "{}", run.stdout);
    // A hint is a notice; the summary follows as plain log lines.
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("::notice file=src/create.rs,")
                && l.contains("title=missing-created-location::")),
        "{}",
        run.stdout
    );
    assert_eq!(lines[lines.len() - 2], "Checked 2 files.");
}

#[test]
fn gitlab_format_has_stable_fingerprints() {
    let dir = temp();
    let d = dir.path();
    // The same mistake twice in one file: two issues with distinct fingerprints.
    let twice = format!("{AXUM_401}\nasync fn again() -> impl IntoResponse {{ (StatusCode::UNAUTHORIZED, \"no\") }}\n");
    write(d, "src/login.rs", &twice);
    let run = statuslint(d, &["check", "--format", "gitlab"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let issues = json(&run);
    assert_eq!(issues.len(), 2, "{}", run.stdout);
    let (line, _) = position_of(&twice, "UNAUTHORIZED");
    let issue = &issues[0];
    assert_eq!(issue["check_name"], "missing-www-authenticate");
    assert_eq!(issue["severity"], "major");
    assert_eq!(issue["location"]["path"], "src/login.rs");
    assert_eq!(issue["location"]["lines"]["begin"], line);
    assert!(issue["description"]
        .as_str()
        .unwrap()
        .starts_with("missing-www-authenticate: `401 Unauthorized` response"));
    let fingerprints: Vec<String> = issues
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap().to_string())
        .collect();
    assert_ne!(fingerprints[0], fingerprints[1]);
    assert!(fingerprints
        .iter()
        .all(|f| f.len() == 32 && f.chars().all(|c| c.is_ascii_hexdigit())));
    // Lines added above the findings move them but keep their fingerprints.
    write(d, "src/login.rs", format!("// a comment\n\n{twice}"));
    let moved = json(&statuslint(d, &["check", "--format", "gitlab"]));
    assert_eq!(moved[0]["location"]["lines"]["begin"], line + 2);
    let again: Vec<&str> = moved
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap())
        .collect();
    assert_eq!(again, fingerprints);
    // Nothing found: an empty report.
    write(d, "src/login.rs", CLEAN);
    let run = statuslint(d, &["check", "--format", "gitlab"]);
    assert_eq!((run.code, run.stdout.trim()), (0, "[]"));
}

#[test]
fn junit_format() {
    let dir = temp();
    let d = dir.path();
    write(d, "src/login.rs", AXUM_401);
    write(d, "src/create.rs", AXUM_201_HINT);
    write(d, "src/ok.rs", CLEAN);
    let run = statuslint(d, &["check", "--format", "junit"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let xml = &run.stdout;
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"statuslint\" tests=\"3\" failures=\"1\" errors=\"0\">\n"), "{xml}");
    let (line, column) = position_of(AXUM_401, "UNAUTHORIZED");
    assert!(xml.contains(&format!("<testsuite name=\"src/login.rs\" tests=\"1\" failures=\"1\" errors=\"0\">\n    <testcase name=\"missing-www-authenticate at {line}:{column}\" classname=\"src/login.rs\" file=\"src/login.rs\" line=\"{line}\">\n      <failure type=\"missing-www-authenticate\" message=\"`401 Unauthorized` response has no `WWW-Authenticate` header (RFC 9110 §15.5.2)\">src/login.rs:{line}:{column}: error[missing-www-authenticate]")), "{xml}");
    // A hint passes; a clean file is one passing test case.
    assert!(xml.contains("<system-out>src/create.rs:"), "{xml}");
    assert!(
        xml.contains("<testcase name=\"no problems\" classname=\"src/ok.rs\" file=\"src/ok.rs\"/>"),
        "{xml}"
    );
    assert!(xml.trim_end().ends_with("</testsuites>"));
}

#[test]
fn statistics_count_per_rule() {
    let dir = temp();
    let d = dir.path();
    write(d, "src/login.rs", AXUM_401);
    write(d, "src/login2.rs", AXUM_401);
    write(d, "src/delete.rs", AXUM_204_BODY);
    let run = statuslint(d, &["check", "--statistics"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "2  missing-www-authenticate  2 fixable with --unsafe-fixes\n\
         1  body-not-allowed          1 fixable with --fix\n\
         Checked 3 files.\n\
         Found 3 problems (3 errors); 1 fixable with --fix (2 more with --unsafe-fixes).\n"
    );
    let run = statuslint(d, &["check", "--statistics", "--format", "json"]);
    let rows = json(&run);
    assert_eq!(rows[0]["rule"], "missing-www-authenticate");
    assert_eq!(rows[0]["count"], 2);
    assert_eq!(rows[0]["unsafe_fixable"], 2);
    assert_eq!(rows[1]["fixable"], 1);
    let run = statuslint(d, &["check", "--statistics", "--format", "sarif"]);
    assert_eq!(run.code, 2);
    assert!(run
        .stderr
        .contains("--statistics works with --format text or json"));
}

#[test]
fn summary_counts_excluded_files_and_folders() {
    let dir = temp();
    let d = dir.path();
    write(
        d,
        "statuslint.toml",
        "exclude = [\"generated\", \"src/old.rs\"]\n",
    );
    write(d, "src/ok.rs", CLEAN);
    write(d, "src/old.rs", AXUM_401);
    write(d, "generated/a.rs", AXUM_401);
    let run = statuslint(d, &["check"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(
        run.stdout,
        "Checked 1 file; skipped 1 file excluded by `exclude` and 1 folder excluded by `exclude`.\nAll checks passed!\n"
    );
    // A broken config leaves files unchecked: never "All checks passed!".
    write(d, "bad/statuslint.toml", "rules = [");
    write(d, "bad/a.rs", CLEAN);
    let run = statuslint(d, &["check"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stdout
            .contains("Checked 1 file; skipped 4 files (2 files excluded by `exclude`")
            || run.stdout.contains("under a broken configuration file"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("All checks passed"), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("No problems found in the files checked; some files were not checked."),
        "{}",
        run.stdout
    );
}

#[test]
fn fix_says_why_a_file_was_not_fixed() {
    let dir = temp();
    let d = dir.path();
    write(
        d,
        "src/broken.rs",
        format!("fn broken( {{\n\n{AXUM_204_BODY}"),
    );
    let run = statuslint(d, &["check", "--fix"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("warning: src/broken.rs: not fixed: the file has syntax errors"),
        "{}",
        run.stderr
    );
    let last = run.stdout.lines().last().unwrap();
    assert_eq!(
        last,
        "Found 1 problem (1 error); 1 not fixed: src/broken.rs has syntax errors."
    );
    // Without --fix the same file is simply fixable.
    let run = statuslint(d, &["check"]);
    assert!(
        run.stdout.ends_with("1 fixable with --fix.\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn unknown_rules_in_suppressions_are_warned() {
    let dir = temp();
    let d = dir.path();
    let source = format!("// statuslint-ignore: missing-www-authentcate\n{AXUM_401}");
    write(d, "src/login.rs", &source);
    let run = statuslint(d, &["check"]);
    // The typo silences nothing, and says so.
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(
            "warning: src/login.rs:1: unknown rule `missing-www-authentcate` in a statuslint-ignore \
             comment (it silences nothing); did you mean `missing-www-authenticate`?"
        ),
        "{}",
        run.stderr
    );
    write(d, "statuslint.toml", "[rules]\nmissing-locaton = \"off\"\n");
    let run = statuslint(d, &["check"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("unknown rule `missing-locaton`; did you mean `missing-location`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn sarif_uri_of_a_file_outside_the_working_folder_is_absolute() {
    let dir = temp();
    let d = dir.path();
    write(d, "hint.rs", AXUM_401);
    write(d, "work/ok.rs", CLEAN);
    let run = statuslint(
        &d.join("work"),
        &["check", "--format", "sarif", "../hint.rs"],
    );
    let sarif: Value = serde_json::from_str(&run.stdout).unwrap();
    let location = &sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"];
    let absolute = d.canonicalize().unwrap().join("hint.rs");
    let expected = format!("file://{}", absolute.display());
    // The temp dir may be reached through a symlink; the URI is the lexical absolute path.
    let uri = location["artifactLocation"]["uri"].as_str().unwrap();
    assert!(
        uri == expected || uri == format!("file://{}", d.join("hint.rs").display()),
        "{uri}"
    );
    assert!(location["artifactLocation"]["uriBaseId"].is_null());
}

#[test]
fn completions_for_each_shell() {
    let dir = temp();
    for (shell, marker) in [
        ("bash", "complete -F _statuslint"),
        ("zsh", "#compdef statuslint"),
        ("fish", "complete -c statuslint"),
    ] {
        let run = statuslint(dir.path(), &["completions", shell]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(run.stdout.contains(marker), "{shell}: {}", run.stdout);
        // Subcommands and check's flags are offered.
        assert!(run.stdout.contains("statistics"), "{shell}");
        assert!(run.stdout.contains("github"), "{shell}");
    }
    let run = statuslint(dir.path(), &["completions", "tcsh"]);
    assert_eq!(run.code, 2);
}

/// Issue 10's reproducers, made larger: tree-sitter's error recovery on them is superlinear (tens
/// of seconds), so each file is skipped at the 2 s parse budget with one line on stderr; the other
/// files are still checked, and only `--strict` fails the run for it.
#[test]
fn files_that_parse_too_slowly_are_skipped() {
    let dir = temp();
    let d = dir.path();
    let chain = format!(
        "fn f() {{\n    let c = q()\n        .filt{}er(x);\n}}\n",
        "StatusCode::OK, ".repeat(32_000)
    );
    let elses = format!(
        "use axum::http::StatusCode;\nasync fn h() -> impl IntoResponse {{\n    let x = (StatusCode::NO_CONTENT, \"b\"){};\n}}\n",
        "} else { 1 }".repeat(32_000)
    );
    write(d, "src/h.rs", chain);
    write(d, "src/c.rs", elses);
    write(d, "src/clean.rs", CLEAN);
    let run = statuslint(d, &["check", "--format", "json", "src"]);
    let mut skipped: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.contains("skipped"))
        .collect();
    skipped.sort();
    assert_eq!(
        skipped,
        [
            "statuslint: src/c.rs: skipped, parsing took longer than 2 s",
            "statuslint: src/h.rs: skipped, parsing took longer than 2 s"
        ],
        "{}",
        run.stderr
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(json(&run), Vec::<Value>::new());
    let run = statuslint(d, &["check", "--strict", "src/h.rs", "src/clean.rs"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    // A file that was not checked is never "all checks passed": the summary says why.
    assert!(!run.stdout.contains("All checks passed"), "{}", run.stdout);
    assert!(
        run.stdout.contains("1 file too slow to parse"),
        "{}",
        run.stdout
    );
    write(d, "src/login.rs", AXUM_401);
    let run = statuslint(d, &["check", "src/h.rs", "src/login.rs"]);
    assert_eq!(
        run.code, 1,
        "findings in the other file still count: {}",
        run.stderr
    );
}

/// A `statuslint.toml` that is a folder, a dangling symbolic link or a link loop is reported (it
/// was meant to configure the files under it), like a broken config: once, and exit status 2.
#[cfg(unix)]
#[test]
fn a_config_that_is_not_a_file_is_reported() {
    let dir = temp();
    let d = dir.path();
    std::fs::create_dir_all(d.join("folder/statuslint.toml")).unwrap();
    write(d, "folder/login.rs", AXUM_401);
    std::fs::create_dir_all(d.join("dangling")).unwrap();
    std::os::unix::fs::symlink("gone.toml", d.join("dangling/statuslint.toml")).unwrap();
    write(d, "dangling/login.rs", AXUM_401);
    std::fs::create_dir_all(d.join("loop")).unwrap();
    std::os::unix::fs::symlink("statuslint.toml", d.join("loop/statuslint.toml")).unwrap();
    write(d, "loop/login.rs", AXUM_401);
    for (folder, problem) in [
        ("folder", "is a folder, not a file".to_string()),
        (
            "dangling",
            format!(
                "is a symbolic link to {}, which does not exist",
                d.join("dangling/gone.toml").display()
            ),
        ),
        ("loop", "is a symbolic link loop".to_string()),
    ] {
        let run = statuslint(d, &["check", folder]);
        assert_eq!(run.code, 2, "{folder}: {}", run.stderr);
        assert_eq!(
            run.stderr.trim_end(),
            format!("error: {folder}/statuslint.toml {problem}"),
            "{folder}"
        );
        assert_eq!(run.stdout, "", "{folder}: files under it are not checked");
    }
}

// Following a status across files: `check` reads the file's whole Cargo package into the index.

const PKG_CARGO_TOML: &str = "[package]
name = \"svc\"
version = \"0.1.0\"
edition = \"2021\"
";

/// A helper that builds the response from the status its caller passes, and (so that naming only
/// another file is seen to report that file only) a mistake of its own.
const PKG_UTIL: &str = "use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

pub fn json_error(status: StatusCode, msg: &str) -> Response {
    (status, Json(json!({\"error\": msg}))).into_response()
}

pub async fn gone() -> Response {
    (StatusCode::NO_CONTENT, Json(json!({\"gone\": true}))).into_response()
}
";

const PKG_TOKENS: &str = "use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::util;

pub async fn refresh(headers: HeaderMap) -> Response {
    if headers.get(\"authorization\").is_none() {
        return util::json_error(StatusCode::UNAUTHORIZED, \"no token\");
    }
    (StatusCode::OK, \"fresh\").into_response()
}
";

/// A Cargo package at `root` (relative to `d`) whose handler in src/handlers/tokens.rs answers 401
/// through `util::json_error` in src/util.rs.
fn write_package(d: &Path, root: &str) {
    write(d, &format!("{root}Cargo.toml"), PKG_CARGO_TOML);
    write(
        d,
        &format!("{root}src/main.rs"),
        "mod handlers;\nmod util;\n\nfn main() {}\n",
    );
    write(
        d,
        &format!("{root}src/handlers/mod.rs"),
        "pub mod tokens;\n",
    );
    write(d, &format!("{root}src/util.rs"), PKG_UTIL);
    write(d, &format!("{root}src/handlers/tokens.rs"), PKG_TOKENS);
}

/// The 1-based line where `json_error` builds its response.
fn built_line() -> u64 {
    position_of(PKG_UTIL, "(status, Json").0
}

#[test]
fn a_status_passed_to_a_helper_in_another_file_is_reported_at_the_call() {
    let dir = temp();
    let d = dir.path();
    write_package(d, "");
    let (line, column) = position_of(PKG_TOKENS, "UNAUTHORIZED");

    // Only tokens.rs is named: util.rs is read into the index, and its own 204 is not reported.
    let run = statuslint(d, &["check", "src/handlers/tokens.rs", "--color", "never"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let head = format!(
        "src/handlers/tokens.rs:{line}:{column}: error[missing-www-authenticate] `401 Unauthorized`"
    );
    assert!(run.stdout.starts_with(&head), "{}", run.stdout);
    let note = format!(
        "= note: built by util::json_error at src/util.rs:{}",
        built_line()
    );
    // Under the snippet, before the fix's help line.
    let notes: Vec<&str> = run
        .stdout
        .lines()
        .map(str::trim_start)
        .filter(|l| l.starts_with("= "))
        .collect();
    assert_eq!(notes.first(), Some(&note.as_str()), "{}", run.stdout);
    assert!(!run.stdout.contains("body-not-allowed"), "{}", run.stdout);
    assert!(run.stdout.contains("Checked 1 file."), "{}", run.stdout);

    // JSON: the same finding with a `related` entry positioned like `range`.
    let run = statuslint(d, &["check", "src/handlers/tokens.rs", "--format", "json"]);
    let items = json(&run);
    assert_eq!(items.len(), 1, "{}", run.stdout);
    let item = &items[0];
    assert_eq!(item["path"], "src/handlers/tokens.rs");
    assert_eq!(item["rule"], "missing-www-authenticate");
    assert_eq!(item["range"]["start"]["line"], line);
    assert_eq!(item["range"]["start"]["column"], column);
    let related = item["related"].as_array().expect("a related array");
    assert_eq!(related.len(), 1, "{item}");
    assert_eq!(related[0]["message"], "built by util::json_error");
    assert_eq!(related[0]["path"], "src/util.rs");
    assert_eq!(related[0]["range"]["start"]["line"], built_line());
    let (_, built_column) = position_of(PKG_UTIL, "(status, Json");
    assert_eq!(related[0]["range"]["start"]["column"], built_column);

    // SARIF: relatedLocations in the other file.
    let run = statuslint(d, &["check", "src/handlers/tokens.rs", "--format", "sarif"]);
    let sarif: Value = serde_json::from_str(&run.stdout).expect("SARIF is JSON");
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 1, "{}", run.stdout);
    let location = &results[0]["relatedLocations"][0];
    assert_eq!(location["message"]["text"], "built by util::json_error");
    let physical = &location["physicalLocation"];
    assert_eq!(physical["artifactLocation"]["uri"], "src/util.rs");
    assert_eq!(physical["artifactLocation"]["uriBaseId"], "%SRCROOT%");
    assert_eq!(physical["region"]["startLine"], built_line());

    // The one-line formats carry the note in the message.
    let run = statuslint(
        d,
        &["check", "src/handlers/tokens.rs", "--format", "github"],
    );
    assert!(
        run.stdout.contains(&format!(
            "(RFC 9110 §15.5.2)%0ANote: built by util::json_error at src/util.rs:{}",
            built_line()
        )),
        "{}",
        run.stdout
    );
    let run = statuslint(
        d,
        &["check", "src/handlers/tokens.rs", "--format", "gitlab"],
    );
    let issues = json(&run);
    assert!(
        issues[0]["description"]
            .as_str()
            .unwrap()
            .ends_with(&format!(
                "(RFC 9110 §15.5.2) (built by util::json_error at src/util.rs:{})",
                built_line()
            )),
        "{}",
        run.stdout
    );
    let run = statuslint(d, &["check", "src/handlers/tokens.rs", "--format", "junit"]);
    assert!(
        run.stdout.contains(&format!(
            "message=\"`401 Unauthorized` response has no `WWW-Authenticate` header (RFC 9110 §15.5.2) (built by util::json_error at src/util.rs:{})\"",
            built_line()
        )),
        "{}",
        run.stdout
    );
}

#[test]
fn checking_the_whole_package_reports_each_finding_once() {
    let dir = temp();
    let d = dir.path();
    write_package(d, "");
    let run = statuslint(d, &["check", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let items = json(&run);
    let found: Vec<(&str, &str)> = items
        .iter()
        .map(|i| (i["path"].as_str().unwrap(), i["rule"].as_str().unwrap()))
        .collect();
    // The 401 at the call, not again at the helper; the helper's own 204 in its file.
    assert_eq!(
        found,
        [
            ("src/handlers/tokens.rs", "missing-www-authenticate"),
            ("src/util.rs", "body-not-allowed"),
        ],
        "{}",
        run.stdout
    );
    assert!(items[1]["related"].as_array().unwrap().is_empty());
    // Several named files of one package: the same findings.
    let named = json(&statuslint(
        d,
        &[
            "check",
            "--format",
            "json",
            "src/util.rs",
            "src/handlers/tokens.rs",
        ],
    ));
    assert_eq!(named, items);
}

#[test]
fn related_paths_are_shown_like_the_findings_own() {
    let dir = temp();
    let d = dir.path();
    write_package(d, "svc/");
    // Run from the package's parent: both paths start with `svc/`.
    let run = statuslint(
        d,
        &["check", "svc/src/handlers/tokens.rs", "--color", "never"],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stdout.contains(&format!(
            "= note: built by util::json_error at svc/src/util.rs:{}",
            built_line()
        )),
        "{}",
        run.stdout
    );
    // From a sibling folder: `../svc/...`, as the finding's own path.
    std::fs::create_dir_all(d.join("other")).unwrap();
    let run = statuslint(
        &d.join("other"),
        &["check", "../svc/src/handlers/tokens.rs", "--format", "json"],
    );
    let items = json(&run);
    assert_eq!(items[0]["path"], "../svc/src/handlers/tokens.rs");
    assert_eq!(items[0]["related"][0]["path"], "../svc/src/util.rs");
    // A finding named by an absolute path has an absolute related path.
    let absolute = std::fs::canonicalize(d).unwrap().join("svc");
    let tokens = absolute.join("src/handlers/tokens.rs");
    let run = statuslint(d, &["check", tokens.to_str().unwrap(), "--format", "json"]);
    let items = json(&run);
    assert_eq!(
        items[0]["related"][0]["path"],
        absolute.join("src/util.rs").to_str().unwrap()
    );
}

#[test]
fn a_file_outside_any_package_is_read_on_its_own() {
    let dir = temp();
    let d = dir.path();
    // No Cargo.toml: the helper in the same file still resolves; the note names the file itself.
    let source = format!("{PKG_UTIL}\npub async fn refresh() -> Response {{\n    json_error(StatusCode::UNAUTHORIZED, \"no token\")\n}}\n");
    write(d, "loose.rs", &source);
    let run = statuslint(d, &["check", "loose.rs", "--format", "json"]);
    let items = json(&run);
    let auth: Vec<&Value> = items
        .iter()
        .filter(|i| i["rule"] == "missing-www-authenticate")
        .collect();
    assert_eq!(auth.len(), 1, "{}", run.stdout);
    let (line, column) = position_of(&source, "UNAUTHORIZED");
    assert_eq!(auth[0]["range"]["start"]["line"], line);
    assert_eq!(auth[0]["range"]["start"]["column"], column);
    assert_eq!(auth[0]["related"][0]["path"], "loose.rs");
    assert_eq!(
        auth[0]["related"][0]["range"]["start"]["line"],
        built_line()
    );
    // A handler calling a helper it cannot see (no package to read it from) stays silent.
    write(d, "alone/tokens.rs", PKG_TOKENS);
    let run = statuslint(d, &["check", "alone/tokens.rs"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
}

#[test]
fn stdin_named_as_a_package_file_uses_the_package() {
    let dir = temp();
    let d = dir.path();
    write_package(d, "");
    // The text on stdin replaces the file on disk (here: a version that is fine on disk).
    write(
        d,
        "src/handlers/tokens.rs",
        PKG_TOKENS.replace("UNAUTHORIZED", "FORBIDDEN"),
    );
    let run = statuslint_stdin(
        d,
        &[
            "check",
            "-",
            "--stdin-filename",
            "src/handlers/tokens.rs",
            "--format",
            "json",
        ],
        PKG_TOKENS.as_bytes(),
    );
    let items = json(&run);
    assert_eq!(items.len(), 1, "{}", run.stdout);
    assert_eq!(items[0]["path"], "src/handlers/tokens.rs");
    assert_eq!(items[0]["rule"], "missing-www-authenticate");
    assert_eq!(items[0]["related"][0]["path"], "src/util.rs");
}

#[test]
fn fix_in_a_package_reports_what_remains_with_the_index() {
    let dir = temp();
    let d = dir.path();
    write_package(d, "");
    // A 204 with a body next to the 401 built by the helper: `--fix` removes the body, and the
    // report after the fix still follows the call into src/util.rs.
    let tokens = format!(
        "{PKG_TOKENS}\npub async fn revoke() -> Response {{\n    (StatusCode::NO_CONTENT, axum::Json(1)).into_response()\n}}\n"
    );
    write(d, "src/handlers/tokens.rs", &tokens);
    let before = json(&statuslint(
        d,
        &["check", "src/handlers/tokens.rs", "--format", "json"],
    ));
    let rules: Vec<&str> = before.iter().map(|i| i["rule"].as_str().unwrap()).collect();
    assert_eq!(rules, ["missing-www-authenticate", "body-not-allowed"]);
    let run = statuslint(
        d,
        &[
            "check",
            "--fix",
            "src/handlers/tokens.rs",
            "--format",
            "json",
        ],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let fixed = read(d, "src/handlers/tokens.rs");
    assert!(
        fixed.contains("    StatusCode::NO_CONTENT.into_response()\n"),
        "{fixed}"
    );
    assert_eq!(
        read(d, "src/util.rs"),
        PKG_UTIL,
        "the helper's file is not touched"
    );
    let after = json(&run);
    assert_eq!(after.len(), 1, "{}", run.stdout);
    assert_eq!(after[0]["rule"], "missing-www-authenticate");
    assert_eq!(after[0]["related"][0]["path"], "src/util.rs");
    assert!(
        run.stderr.contains("Fixed 1 problem in 1 file."),
        "{}",
        run.stderr
    );
}

#[test]
fn notes_into_a_fixed_file_point_into_its_fixed_text() {
    let dir = temp();
    let d = dir.path();
    write_package(d, "");
    // The fix above the helper shortens the file: the note on the helper's 204 must move with it.
    let items = "use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

pub async fn clear() -> Response {
    (StatusCode::NO_CONTENT, Json(json!({\"cleared\": true}))).into_response()
}

pub async fn delete(id: u64) -> Response {
    reply(StatusCode::NO_CONTENT, json!({ \"deleted\": id }))
}

fn reply(status: StatusCode, body: Value) -> Response {
    (status, Json(body)).into_response()
}
";
    write(d, "src/handlers/items.rs", items);
    let run = statuslint(
        d,
        &[
            "check",
            "--fix",
            "src/handlers/items.rs",
            "--format",
            "json",
        ],
    );
    let fixed = read(d, "src/handlers/items.rs");
    assert_ne!(fixed, items, "the 204 in `clear` is fixed");
    let found = json(&run);
    assert_eq!(found.len(), 1, "{}", run.stdout);
    let related = &found[0]["related"][0];
    assert_eq!(related["path"], "src/handlers/items.rs");
    let (line, column) = position_of(&fixed, "(status, Json(body))");
    assert_eq!(related["range"]["start"]["line"], line, "{}", run.stdout);
    assert_eq!(
        related["range"]["start"]["column"], column,
        "{}",
        run.stdout
    );
    let end = column + "(status, Json(body)).into_response()".len() as u64;
    assert_eq!(related["range"]["end"]["column"], end, "{}", run.stdout);
}

#[test]
fn a_path_dependency_in_the_working_folder_is_read_too() {
    let dir = temp();
    let d = dir.path();
    write(
        d,
        "app/Cargo.toml",
        "[package]\nname = \"app\"\nversion = \"0.1.0\"\n\n[dependencies]\ncommon = { path = \"common\" }\n",
    );
    write(
        d,
        "app/common/Cargo.toml",
        "[package]\nname = \"common\"\nversion = \"0.1.0\"\n",
    );
    write(d, "app/common/src/lib.rs", PKG_UTIL);
    let main = "use axum::http::StatusCode;
use axum::response::Response;

pub async fn refresh() -> Response {
    common::json_error(StatusCode::UNAUTHORIZED, \"no token\")
}
";
    write(d, "app/src/main.rs", main);
    let run = statuslint(d, &["check", "app/src/main.rs", "--format", "json"]);
    let items = json(&run);
    assert_eq!(items.len(), 1, "{}", run.stdout);
    assert_eq!(items[0]["rule"], "missing-www-authenticate");
    assert_eq!(
        items[0]["range"]["start"]["line"],
        position_of(main, "UNAUTHORIZED").0
    );
    assert_eq!(items[0]["related"][0]["path"], "app/common/src/lib.rs");
    // The dependency is its own package: checking the app does not report the dependency's 204.
    let all = json(&statuslint(d, &["check", "app/src", "--format", "json"]));
    assert_eq!(all, items);
}

#[test]
fn a_type_defined_in_a_file_without_status_tokens_still_makes_its_name_ambiguous() {
    let dir = temp();
    let d = dir.path();
    write(d, "Cargo.toml", PKG_CARGO_TOML);
    write(
        d,
        "src/main.rs",
        "mod error;\nmod handlers;\nmod legacy;\n\nfn main() {}\n",
    );
    write(d, "src/handlers/mod.rs", "pub mod tokens;\n");
    write(
        d,
        "src/error.rs",
        "use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

pub struct ApiError {
    status: StatusCode,
    message: String,
}

impl ApiError {
    pub fn new(message: &str, status: StatusCode) -> Self {
        ApiError { status, message: message.to_string() }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(json!({ \"error\": self.message }))).into_response()
    }
}
",
    );
    // Another `ApiError`, in a file the token skip does not parse: the handler uses this one.
    write(
        d,
        "src/legacy.rs",
        "pub struct ApiError {
    code: u16,
}

impl ApiError {
    pub fn new<T: Into<u16>>(_message: &str, code: T) -> Self {
        ApiError { code: code.into() }
    }
}
",
    );
    write(
        d,
        "src/handlers/tokens.rs",
        "use axum::http::{HeaderMap, StatusCode};

use crate::legacy::ApiError;

pub async fn refresh(headers: HeaderMap) -> Result<&'static str, ApiError> {
    if headers.get(\"authorization\").is_none() {
        return Err(ApiError::new(\"no token\", StatusCode::UNAUTHORIZED));
    }
    Ok(\"fresh\")
}
",
    );
    for args in [
        &["check", "src/handlers/tokens.rs"][..],
        &["check"],
        &["check", "--no-skip"],
    ] {
        let run = statuslint(d, args);
        assert_eq!(run.code, 0, "{args:?}: {}", run.stdout);
    }
}

/// A helper imported under another name (`use .. as ..`) and a helper that hands its status to a
/// second helper in its own file through a `crate::` path: `check` follows both, whatever order
/// the package's files are read in, as the language server does.
#[test]
fn aliased_helpers_and_chains_through_crate_paths_are_followed() {
    let dir = temp();
    let d = dir.path();
    write(
        d,
        "Cargo.toml",
        "[package]\nname = \"chains\"\nversion = \"0.1.0\"\n",
    );
    write(
        d,
        "src/lib.rs",
        "pub mod util;\npub mod alias;\npub mod chain;\n",
    );
    write(
        d,
        "src/util.rs",
        "use axum::http::StatusCode;\nuse axum::response::{IntoResponse, Response};\n\n\
         pub fn json_error(status: StatusCode, message: &str) -> Response {\n    crate::util::reply(status, message)\n}\n\n\
         pub fn reply(status: StatusCode, message: &str) -> Response {\n    (status, message.to_string()).into_response()\n}\n",
    );
    write(
        d,
        "src/alias.rs",
        "use axum::http::StatusCode;\nuse axum::response::Response;\nuse crate::util::reply as answer;\n\n\
         pub async fn refuse() -> Response {\n    answer(StatusCode::METHOD_NOT_ALLOWED, \"no\")\n}\n",
    );
    write(
        d,
        "src/chain.rs",
        "use axum::http::StatusCode;\nuse axum::response::Response;\n\n\
         pub async fn part() -> Response {\n    crate::util::json_error(StatusCode::PARTIAL_CONTENT, \"some\")\n}\n",
    );
    let run = statuslint(d, &["check", "--format", "json", "."]);
    let found: Vec<(String, String)> = json(&run)
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().replace('\\', "/"),
                f["rule"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        found,
        vec![
            ("src/alias.rs".to_string(), "missing-allow".to_string()),
            (
                "src/chain.rs".to_string(),
                "missing-content-range".to_string()
            ),
        ],
        "{}",
        run.stdout
    );
}

/// A module whose glob imports fan out (600 `use crate::mN::*;`) looks up a helper it does not
/// import by name: the lookup runs out of its `use` steps, so the helper's 401 is unknown (silent),
/// stderr names the file and the name, the summary line counts it, and `--strict` fails the run.
/// With the helper imported by name the same module is reported as usual.
#[test]
fn a_resolution_budget_that_runs_out_is_named_and_fails_only_strict_runs() {
    let dir = temp();
    let d = dir.path();
    write(d, "Cargo.toml", PKG_CARGO_TOML);
    write(
        d,
        "src/util.rs",
        "use axum::http::StatusCode;\nuse axum::response::{IntoResponse, Response};\n\npub fn helper(status: StatusCode) -> Response {\n    (status, \"no\").into_response()\n}\n",
    );
    let mut globs = String::from("mod util;\n");
    for i in 0..600 {
        globs.push_str(&format!("use crate::m{i}::*;\n"));
    }
    let handler = "use axum::http::StatusCode;\nuse axum::response::Response;\n\npub async fn login() -> Response {\n    helper(StatusCode::UNAUTHORIZED)\n}\n\nfn main() {}\n";
    write(d, "src/main.rs", format!("{globs}{handler}"));
    let run = statuslint(d, &["check", "."]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let notes: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.contains("use` steps"))
        .collect();
    assert_eq!(
        notes,
        ["statuslint: src/main.rs: looking up `helper` took more than 512 `use` steps: it is unknown, and what depends on it is not reported"],
        "{}",
        run.stderr
    );
    assert!(
        run.stdout
            .contains("; 1 file read with cross-file facts unknown (a budget ran out)."),
        "{}",
        run.stdout
    );
    let run = statuslint(d, &["check", "--strict", "."]);
    assert_eq!(run.code, 2, "{}\n{}", run.stdout, run.stderr);

    // Imported by name: found in a few steps, reported, and nothing ran out.
    write(
        d,
        "src/main.rs",
        format!("{globs}use crate::util::helper;\n{handler}"),
    );
    let run = statuslint(d, &["check", "--strict", "--format", "json", "."]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let found = json(&run);
    let rules: Vec<&str> = found.iter().map(|d| d["rule"].as_str().unwrap()).collect();
    assert_eq!(rules, ["missing-www-authenticate"], "{}", run.stdout);
    assert!(!run.stderr.contains("use` steps"), "{}", run.stderr);
}
