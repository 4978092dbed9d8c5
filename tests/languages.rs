//! Every text that means "the files statuslint reads" names every language it reads (issue 21: help
//! and docs still said "Rust files" after TypeScript and JavaScript came), and every rule's example
//! is shown in each language. The languages are found by asking the binary which extensions its
//! walk picks up, so a new language fails these tests until the texts name it too.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use statuslint::rules;

const BIN: &str = env!("CARGO_BIN_EXE_statuslint");

/// The languages statuslint reads: the name the docs use, the fence tag of a rule example in it,
/// and the extensions the walk picks up for it.
const LANGUAGES: &[(&str, &str, &[&str])] = &[
    ("Rust", "rust", &["rs"]),
    // A rule's `ts` example is TypeScript without types, so it is JavaScript too.
    ("TypeScript", "ts", &["ts", "tsx", "mts", "cts"]),
    ("JavaScript", "ts", &["js", "jsx", "mjs", "cjs"]),
    ("Python", "python", &["py"]),
    ("Go", "go", &["go"]),
];

/// Languages whose extraction reads some rules' responses only (issue 18: Python grows shape by
/// shape): a rule's docs show an example in them for these rules, and must not claim the others.
const PARTIAL: &[(&str, &[&str])] = &[
    (
        "python",
        &[
            "missing-www-authenticate",
            "body-not-allowed",
            "missing-location",
            "missing-allow",
        ],
    ),
    (
        "go",
        &[
            "missing-www-authenticate",
            "body-not-allowed",
            "missing-location",
            "missing-allow",
            "header-after-write",
        ],
    ),
];

/// Rules read in some languages only (what they check exists there only): their docs show
/// examples in these languages.
const ONLY: &[(&str, &[&str])] = &[("header-after-write", &["go"])];

/// Extensions of languages web handlers are written in (and a few more): the walk must pick up
/// exactly those of `LANGUAGES`.
const CANDIDATES: &[&str] = &[
    "rs", "ts", "tsx", "mts", "cts", "js", "jsx", "mjs", "cjs", "py", "pyi", "go", "java", "kt",
    "rb", "php", "cs", "swift", "scala", "ex", "exs", "dart", "lua", "zig", "c", "cpp", "vue",
    "svelte", "astro", "txt", "md", "toml", "json",
];

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn run(args: &[&str], dir: &Path) -> (String, String) {
    let out = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("run statuslint");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn the_walk_picks_up_exactly_the_listed_languages() {
    let mut walked = BTreeSet::new();
    for ext in CANDIDATES {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(format!("handler.{ext}")), "\n").unwrap();
        let (stdout, stderr) = run(&["check", "."], dir.path());
        if stdout.contains("Checked 1 file") {
            walked.insert(*ext);
        } else {
            assert!(
                stderr.contains("files to check"),
                "{ext}: neither checked nor reported as nothing to check:\n{stdout}{stderr}"
            );
        }
    }
    let listed: BTreeSet<&str> = LANGUAGES
        .iter()
        .flat_map(|(_, _, exts)| exts.iter().copied())
        .collect();
    assert_eq!(
        walked, listed,
        "the walk's extensions changed: update LANGUAGES here, then the help texts and docs this \
         test reads, and give every rule an example in the new language"
    );
}

/// A phrase that means "the files statuslint reads", said of one language.
fn one_language_phrase(sentence: &str) -> Option<String> {
    let names: Vec<&str> = LANGUAGES.iter().map(|(n, _, _)| *n).collect();
    let all_named = names.iter().all(|n| sentence.contains(n));
    for name in &names {
        for noun in [
            " files",
            " file or folder",
            " web handler",
            " handlers",
            " handler code",
            " documents",
            " buffers",
            "-only",
        ] {
            let phrase = format!("{name}{noun}");
            if sentence.contains(&phrase) && !all_named {
                return Some(phrase);
            }
        }
    }
    let all_extensions = LANGUAGES
        .iter()
        .all(|(_, _, exts)| sentence.contains(&format!(".{}", exts[0])));
    for (_, _, exts) in LANGUAGES {
        for pattern in [".{} files", ".{}` files", "*.{}'", "'*.{}'"] {
            let phrase = pattern.replace("{}", exts[0]);
            if sentence.contains(&phrase) && !all_extensions {
                return Some(phrase);
            }
        }
    }
    None
}

/// Sentences that name one language on purpose (what they say is true of that language only).
const ON_PURPOSE: &[&str] = &[
    // Emacs 28 has no TypeScript or Go mode: its test opens Rust files only.
    "Emacs 28 ships no TypeScript or Go mode",
    // A Cargo package's files are Rust files.
    "All `.rs` files of the package",
    // How TypeScript and JavaScript packages are read, after the Rust ones.
    "TypeScript and JavaScript files go through the same two passes",
    "TypeScript and JavaScript documents use the same per-item design",
    // A benchmark's corpus.
    "index of 4,000 `.ts` files",
];

fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for paragraph in text.split("\n\n") {
        let flat = paragraph.replace('\n', " ");
        for part in flat.split(['|', ';']) {
            for sentence in part.split(". ") {
                out.push(sentence.to_string());
            }
        }
    }
    out
}

fn problems_in(label: &str, text: &str, problems: &mut Vec<String>) {
    for sentence in sentences(text) {
        if ON_PURPOSE.iter().any(|p| sentence.contains(p)) {
            continue;
        }
        if let Some(phrase) = one_language_phrase(&sentence) {
            problems.push(format!("{label}: `{phrase}` in: {}", sentence.trim()));
        }
    }
}

#[test]
fn help_texts_and_docs_name_every_language() {
    let mut problems = Vec::new();
    let dir = tempfile::tempdir().unwrap();
    for args in [
        &["--help"][..],
        &["check", "--help"],
        &["rule", "--help"],
        &["lsp", "--help"],
        &["completions", "--help"],
        // The warning for a folder with nothing to check.
        &["check", "."],
    ] {
        let (stdout, stderr) = run(args, dir.path());
        problems_in(
            &format!("statuslint {}", args.join(" ")),
            &format!("{stdout}\n\n{stderr}"),
            &mut problems,
        );
    }
    let root = repo();
    let mut docs = vec![
        "README.md".to_string(),
        "editors/vscode/README.md".to_string(),
        "editors/vscode/package.json".to_string(),
        "editors/neovim/README.md".to_string(),
        "editors/neovim/lsp/statuslint.lua".to_string(),
        "editors/neovim/lua/statuslint/init.lua".to_string(),
        ".pre-commit-hooks.yaml".to_string(),
        "action.yml".to_string(),
    ];
    for entry in std::fs::read_dir(root.join("docs")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            docs.push(format!(
                "docs/{}",
                path.file_name().unwrap().to_string_lossy()
            ));
        }
    }
    for doc in &docs {
        let text = std::fs::read_to_string(root.join(doc)).unwrap();
        problems_in(doc, &text, &mut problems);
    }
    assert!(
        problems.is_empty(),
        "texts that name one language where every language statuslint reads is meant:\n  {}",
        problems.join("\n  ")
    );
}

#[test]
fn the_phrase_check_catches_one_language() {
    // The check above must be able to fail.
    for bad in [
        "Check Rust files and report mistakes",
        "Folders are walked for `.rs` files",
        "pattern = '*.rs',",
        "Finds mistakes in Rust web handlers",
    ] {
        assert!(one_language_phrase(bad).is_some(), "{bad}");
    }
    for good in [
        "Check Rust, TypeScript, JavaScript, Python and Go files",
        "Folders are walked for `.rs`, `.ts`, `.js`, `.py` and `.go` files",
        "pattern = { '*.rs', '*.ts', '*.js', '*.py', '*.go' },",
    ] {
        assert_eq!(one_language_phrase(good), None, "{good}");
    }
}

#[test]
fn every_rule_example_is_shown_in_every_language() {
    let fences: BTreeSet<&str> = LANGUAGES.iter().map(|(_, f, _)| *f).collect();
    let mut problems = Vec::new();
    for rule in rules::ALL {
        let docs = rule.docs;
        let (Some(example), Some(instead), Some(safety)) = (
            docs.find("## Example"),
            docs.find("Use instead:"),
            docs.find("## Fix safety"),
        ) else {
            problems.push(format!("{}: no example sections", rule.name));
            continue;
        };
        for (section, text) in [
            ("Example", &docs[example..instead]),
            ("Use instead", &docs[instead..safety]),
        ] {
            for fence in &fences {
                let shown = text.contains(&format!("```{fence}\n"));
                let read = PARTIAL
                    .iter()
                    .find(|(f, _)| f == fence)
                    .is_none_or(|(_, rules)| rules.contains(&rule.name))
                    && ONLY
                        .iter()
                        .find(|(r, _)| *r == rule.name)
                        .is_none_or(|(_, fences)| fences.contains(fence));
                if read && !shown {
                    problems.push(format!(
                        "{}: `{section}` has no ```{fence} block",
                        rule.name
                    ));
                } else if shown && !read {
                    problems.push(format!(
                        "{}: `{section}` shows a ```{fence} block, a shape not read in it yet",
                        rule.name
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
