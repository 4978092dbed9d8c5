//! The README's demo runs `statuslint check examples/`: this keeps what it shows true. The examples
//! carry no inline expectations (they are for users to read), so the findings are listed here.

mod fixture_support;

use fixture_support::{relative, repo_root, source_files};
use statuslint::{config, lint, text::LineIndex};

/// Every finding on `examples/`, as (file, 1-based line, rule). Each one is a mistake the example
/// makes on purpose (see the doc comment of the handler it is in); everything else there is correct.
const EXPECTED: &[(&str, usize, &str)] = &[
    ("actix-service/src/errors.rs", 26, "obsolete-status-code"),
    ("actix-service/src/files.rs", 28, "missing-content-range"),
    ("actix-service/src/main.rs", 20, "missing-allow"),
    ("actix-service/src/todos.rs", 48, "missing-created-location"),
    ("actix-service/src/todos.rs", 65, "body-not-allowed"),
    ("actix-service/src/todos.rs", 77, "missing-www-authenticate"),
    ("actix-service/src/todos.rs", 89, "missing-location"),
    ("axum-service/src/auth.rs", 41, "missing-www-authenticate"),
    ("axum-service/src/error.rs", 24, "missing-www-authenticate"),
    ("axum-service/src/legacy.rs", 16, "missing-location"),
    ("axum-service/src/legacy.rs", 31, "missing-allow"),
    ("axum-service/src/legacy.rs", 37, "unregistered-status-code"),
    ("axum-service/src/notes.rs", 88, "body-not-allowed"),
    ("axum-service/src/notes.rs", 98, "missing-created-location"),
    // Built by `util::json_error` in another file: reported at the status the handler passes.
    (
        "axum-service/src/session.rs",
        16,
        "missing-www-authenticate",
    ),
    ("go-nethttp/auth.go", 18, "missing-www-authenticate"),
    // Built by `writeError` in respond.go: reported at the status the handler passes.
    ("go-nethttp/auth.go", 35, "missing-www-authenticate"),
    ("go-nethttp/notes.go", 43, "missing-allow"),
    ("go-nethttp/notes.go", 65, "body-not-allowed"),
    ("go-nethttp/notes.go", 79, "header-after-write"),
    ("python-service/app/admin.py", 9, "missing-allow"),
    ("python-service/app/admin.py", 15, "body-not-allowed"),
    (
        "python-service/app/routers/auth.py",
        14,
        "missing-www-authenticate",
    ),
    (
        "python-service/app/routers/items.py",
        18,
        "body-not-allowed",
    ),
    (
        "python-service/app/routers/items.py",
        24,
        "body-not-allowed",
    ),
    (
        "python-service/app/routers/items.py",
        31,
        "missing-location",
    ),
    (
        "ts-service/src/app/api/notes/route.ts",
        12,
        "body-not-allowed",
    ),
    (
        "ts-service/src/app/api/notes/route.ts",
        18,
        "invalid-status-code",
    ),
    ("ts-service/src/edge.ts", 6, "missing-location"),
    ("ts-service/src/server.ts", 16, "missing-www-authenticate"),
    ("ts-service/src/server.ts", 33, "missing-allow"),
    ("ts-service/src/users.ts", 10, "missing-created-location"),
    ("ts-service/src/users.ts", 16, "body-not-allowed"),
];

#[test]
fn examples_show_exactly_the_planted_mistakes() {
    let base = repo_root().join("examples");
    let files = source_files(&base);
    assert!(files.len() >= 8, "examples/ lost files: {}", files.len());
    // The index of every example file, as `statuslint check` builds it for a package.
    let index = statuslint::index::Index::new();
    for path in &files {
        let path = path.canonicalize().expect("an example file");
        let text = std::fs::read_to_string(&path).expect("examples are UTF-8");
        let language = statuslint::extract::Language::from_path(&path).expect("a source file");
        if !statuslint::extract::may_build_response(language, &text) {
            continue;
        }
        let tree = lint::parse(&mut language.parser(), &text, None).expect("parses in time");
        let facts = statuslint::extract::extract(language, &text, &tree);
        index.update(&path, &text, &facts);
    }
    let mut found = Vec::new();
    for path in files {
        let text = std::fs::read_to_string(&path).expect("examples are UTF-8");
        let canonical = path.canonicalize().expect("an example file");
        let view = statuslint::index::View {
            index: &index,
            path: &canonical,
        };
        // The same settings `statuslint check` would use for this file.
        let (settings, _) = config::load_for(path.parent().expect("a file has a folder"))
            .expect("no broken statuslint.toml above examples/");
        let index = LineIndex::new(&text);
        let language = statuslint::extract::Language::from_path(&path).expect("a source file");
        for d in lint::check_source_with(language, &text, &settings, Some(view)) {
            let line = index
                .line_col(&text, d.span.start, statuslint::text::Encoding::Utf8)
                .line as usize
                + 1;
            found.push((relative(&path, &base), line, d.rule.name.to_string()));
        }
    }
    found.sort();
    let expected: Vec<(String, usize, String)> = EXPECTED
        .iter()
        .map(|(f, l, r)| (f.to_string(), *l, r.to_string()))
        .collect();
    let missing: Vec<_> = expected.iter().filter(|e| !found.contains(e)).collect();
    let unexpected: Vec<_> = found.iter().filter(|f| !expected.contains(f)).collect();
    assert!(
        missing.is_empty() && unexpected.is_empty(),
        "missing: {missing:#?}\nunexpected: {unexpected:#?}"
    );
}
