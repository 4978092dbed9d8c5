//! The multi-module TypeScript/JavaScript, Python and Go fixture projects (`tests/projects/*`, see its README):
//! checked as the fixture crates are (`tests/crates.rs`): `statuslint check --format json .` in a
//! project's folder must report exactly the caret annotations in its files, with the related
//! information their `note:` lines name, and checking one file alone must report what checking the
//! whole project reports for it.

mod fixture_support;
#[path = "fixture_support/packages.rs"]
mod packages;

use std::path::{Path, PathBuf};

use fixture_support::{parse_annotations, relative, repo_root, source_files};
use packages::{by_file, check_json, strip_path_prefix};
use serde_json::Value;

fn crates_dir() -> PathBuf {
    repo_root().join("tests").join("projects")
}

/// Every folder of `tests/projects` with a package.json, a pyproject.toml or a go.mod, sorted.
fn crates() -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(crates_dir())
        .expect("tests/projects exists")
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.join("package.json").is_file()
                || p.join("pyproject.toml").is_file()
                || p.join("go.mod").is_file()
        })
        .collect();
    out.sort();
    assert!(out.len() >= 5, "tests/projects lost projects: {out:?}");
    out
}

/// Where a project's source files are: `src/`, or the whole folder (a Go module's packages are
/// its folders).
fn sources(krate: &Path) -> Vec<PathBuf> {
    let src = krate.join("src");
    source_files(if src.is_dir() { &src } else { krate })
}

fn name(krate: &Path) -> String {
    relative(krate, &crates_dir())
}

#[test]
fn diagnostics_match_annotations() {
    packages::check_annotations(crates(), &crates_dir());
}

/// `check src/routes/x.ts` reads the package's other files into the index and reports on the
/// named file only: exactly what checking the whole project reports for that file.
#[test]
fn one_file_reports_what_the_crate_reports_for_it() {
    let mut problems = Vec::new();
    let mut compared = 0;
    for krate in crates() {
        let whole = by_file(check_json(&krate, &["."]));
        let files = sources(&krate);
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

/// Each project holds both reported and must-stay-silent cases, in more than one module.
#[test]
fn projects_have_both_kinds_of_cases_across_modules() {
    let mut problems = Vec::new();
    for krate in crates() {
        let n = name(&krate);
        let files = sources(&krate);
        if files.len() < 2 {
            problems.push(format!("{n}: fewer than two modules"));
        }
        let (mut positive, mut negative) = (0, 0);
        for path in files {
            let ann = parse_annotations(&std::fs::read_to_string(&path).expect("readable"));
            positive += ann.expected.len();
            negative += ann.negatives.len();
        }
        if negative == 0 {
            problems.push(format!("{n}: no must-stay-silent case"));
        }
        // A project whose renderer (or app-wide filter) hides every error has only silent cases.
        let hides_all = ["renderer", "on-error", "-filter"]
            .iter()
            .any(|s| n.contains(s));
        if positive == 0 && !hides_all {
            problems.push(format!("{n}: no reported case"));
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}
