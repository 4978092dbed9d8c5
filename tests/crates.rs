//! The multi-file fixture crates (`tests/crates/*`, see its README): the real binary checks each
//! crate as a user would (`statuslint check --format json .` in the crate's folder), and what it
//! reports must be exactly the caret annotations in the crate's files, with the related
//! information their `note:` lines name. Checking one file of a crate must report what checking
//! the whole crate reports for that file.

mod fixture_support;
#[path = "fixture_support/packages.rs"]
mod packages;

use std::path::{Path, PathBuf};

use fixture_support::{parse_annotations, relative, repo_root, source_files};
use packages::{by_file, check_json, strip_path_prefix};
use serde_json::Value;

fn crates_dir() -> PathBuf {
    repo_root().join("tests").join("crates")
}

/// Every folder of `tests/crates` with a Cargo.toml, sorted.
fn crates() -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(crates_dir())
        .expect("tests/crates exists")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.join("Cargo.toml").is_file())
        .collect();
    out.sort();
    assert!(out.len() >= 7, "tests/crates lost crates: {out:?}");
    out
}

fn name(krate: &Path) -> String {
    relative(krate, &crates_dir())
}

#[test]
fn diagnostics_match_annotations() {
    packages::check_annotations(crates(), &crates_dir());
}

/// `check src/handlers/x.rs` reads the package's other files into the index and reports on the
/// named file only: exactly what checking the whole crate reports for that file.
#[test]
fn one_file_reports_what_the_crate_reports_for_it() {
    let mut problems = Vec::new();
    let mut compared = 0;
    for krate in crates() {
        let whole = by_file(check_json(&krate, &["."]));
        let handlers = krate.join("src").join("handlers");
        let files = source_files(&handlers);
        if files.is_empty() {
            problems.push(format!("{}: no src/handlers/*.rs", name(&krate)));
        }
        for path in files {
            let rel = relative(&path, &krate);
            // Named from the folder above the crate, as from a repository's root.
            let named = format!("{}/{rel}", name(&krate));
            let mut alone = check_json(&crates_dir(), &[named.as_str()]);
            let prefix = format!("{}/", name(&krate));
            for d in &mut alone {
                strip_path_prefix(d, &prefix);
                for r in d
                    .get_mut("related")
                    .and_then(Value::as_array_mut)
                    .into_iter()
                    .flatten()
                {
                    strip_path_prefix(r, &prefix);
                }
            }
            let expected = whole.get(&rel).cloned().unwrap_or_default();
            compared += expected.len();
            if alone != expected {
                problems.push(format!(
                    "{}/{rel}: checked alone gives\n{}\nchecked with its crate gives\n{}",
                    name(&krate),
                    serde_json::to_string_pretty(&alone).unwrap_or_default(),
                    serde_json::to_string_pretty(&expected).unwrap_or_default()
                ));
            }
        }
    }
    // Agreement on empty output proves nothing.
    assert!(
        compared > 0,
        "no handler file of any crate has a diagnostic"
    );
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

/// Each crate looks like a real one: a `[package]` with name, version and edition, a crate root
/// with `mod` declarations, `src/error.rs`, a helpers module and `src/handlers/mod.rs`; and each
/// holds both reported and must-stay-silent cases.
#[test]
fn crates_are_shaped_like_services() {
    let mut problems = Vec::new();
    for krate in crates() {
        let n = name(&krate);
        let manifest = std::fs::read_to_string(krate.join("Cargo.toml")).expect("readable");
        match manifest.parse::<toml::Table>() {
            Ok(table) => {
                let package = table.get("package").and_then(toml::Value::as_table);
                for key in ["name", "version", "edition"] {
                    if package.and_then(|p| p.get(key)).is_none() {
                        problems.push(format!("{n}/Cargo.toml: no package.{key}"));
                    }
                }
                if !table.contains_key("dependencies") {
                    problems.push(format!("{n}/Cargo.toml: no [dependencies]"));
                }
            }
            Err(e) => problems.push(format!("{n}/Cargo.toml: {e}")),
        }
        let src = krate.join("src");
        let root = ["main.rs", "lib.rs"]
            .iter()
            .map(|f| src.join(f))
            .find(|p| p.is_file());
        match root.map(std::fs::read_to_string) {
            Some(Ok(text)) if text.lines().any(|l| l.trim_start().starts_with("mod ")) => {}
            _ => problems.push(format!(
                "{n}: no src/main.rs or src/lib.rs with `mod` items"
            )),
        }
        let helpers = ["util.rs", "helpers.rs"]
            .iter()
            .any(|f| src.join(f).is_file());
        for (ok, what) in [
            (src.join("error.rs").is_file(), "src/error.rs"),
            (helpers, "src/util.rs or src/helpers.rs"),
            (
                src.join("handlers").join("mod.rs").is_file(),
                "src/handlers/mod.rs",
            ),
        ] {
            if !ok {
                problems.push(format!("{n}: no {what}"));
            }
        }
        let (mut positive, mut negative) = (0, 0);
        for path in source_files(&krate) {
            let ann = parse_annotations(&std::fs::read_to_string(&path).expect("readable"));
            positive += ann.expected.len();
            negative += ann.negatives.len();
        }
        if positive == 0 || negative == 0 {
            problems.push(format!(
                "{n}: {positive} reported and {negative} silent cases; it needs both"
            ));
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

/// The note annotations themselves: attached to the caret line above, malformed ones refused.
#[test]
fn note_syntax() {
    let text = "fn f() {\n    json_error(StatusCode::UNAUTHORIZED, \"x\")\n//                         ^^^^^^^^^^^^ missing-www-authenticate\n//   note: built by util::json_error at src/util.rs:12\n}\n";
    let ann = parse_annotations(text);
    assert!(ann.errors.is_empty(), "{:?}", ann.errors);
    assert_eq!(ann.expected.len(), 1);
    let notes: Vec<(&str, &str, usize, usize)> = ann
        .notes
        .iter()
        .map(|n| (n.message.as_str(), n.path.as_str(), n.line, n.mark.line))
        .collect();
    assert_eq!(notes, [("built by util::json_error", "src/util.rs", 12, 1)]);
    let good = "xxxxxxxx\n//  ^ missing-allow\n//   note: built by f at src/util.rs:3\n";
    assert!(parse_annotations(good).errors.is_empty());
    for bad in [
        "xxxxxxxx\n//   note: built by f at src/util.rs:12\n",
        "xxxxxxxx\n//  ^ missing-allow\n//   note: built by f\n",
        "xxxxxxxx\n//  ^ missing-allow\n//   note: built by f at src/util.rs:0\n",
        "xxxxxxxx\n//  ^ missing-allow\n\n//   note: built by f at src/util.rs:3\n",
    ] {
        assert!(
            !parse_annotations(bad).errors.is_empty(),
            "accepted: {bad:?}"
        );
    }
}
