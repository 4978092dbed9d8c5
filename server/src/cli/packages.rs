//! The packages of the checked files (Cargo packages, package.json roots), and their other files: `check src/handlers/x.rs`
//! reads the whole package into the index so calls into `src/util.rs` resolve, and reports on the
//! named file only.

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};

use crate::index::{self, Import, Index, IndexFacts, TypeDef};
use crate::model::FileFacts;

/// The `.rs` files of `roots` (package folders, canonical) that are not in `known` (canonical paths
/// of the files already being checked), sorted. Walked with the rules of `check`'s own walk
/// (.gitignore and the other ignore files, hidden entries skipped), and also skipping the package's
/// `target/` folder, any folder holding a `CACHEDIR.TAG` (a build folder elsewhere), `node_modules`,
/// and nested packages (their files belong to their own package). `exclude` globs do not apply:
/// an excluded file is not reported, but its definitions are still the package's.
pub(crate) fn other_files(roots: &BTreeSet<PathBuf>, known: &HashSet<PathBuf>) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for root in roots {
        let mut builder = ignore::WalkBuilder::new(root);
        builder.require_git(false);
        let walk_root = root.clone();
        builder.filter_entry(move |entry| {
            if entry.depth() == 0 || !entry.file_type().is_some_and(|t| t.is_dir()) {
                return true;
            }
            let path = entry.path();
            let name = entry.file_name();
            if (entry.depth() == 1 && name == "target")
                || name == "node_modules"
                || path.join("CACHEDIR.TAG").is_file()
            {
                return false;
            }
            !is_other_package(path, &walk_root)
        });
        for entry in builder.build().flatten() {
            let path = entry.path();
            // A file of this package: one whose language's package root is this root (a `.ts`
            // file under a Cargo package belongs to its own package.json, if any).
            if entry.file_type().is_some_and(|t| t.is_file())
                && crate::extract::Language::from_path(path).is_some()
                && !known.contains(path)
                && index::package_root(path).as_deref() == Some(root.as_path())
            {
                out.push(path.to_path_buf());
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Whether `dir` (under `root`) is the root of a package of its own: a Cargo package, or, under a
/// root that is no Cargo package, a folder with a package.json (a workspace member).
fn is_other_package(dir: &Path, root: &Path) -> bool {
    let cargo = || {
        dir.join("Cargo.toml").is_file()
            && index::package_root(&dir.join("Cargo.toml")).as_deref() == Some(dir)
    };
    let node = || dir.join("package.json").is_file() && !root.join("Cargo.toml").is_file();
    dir != root && (cargo() || node())
}

/// `roots` and the `path` dependencies of their packages that are inside `tree` (the working
/// folder, canonical): what a package's code can call by crate name. One level: a dependency's own
/// dependencies are not its caller's.
pub(crate) fn with_path_dependencies(roots: BTreeSet<PathBuf>, tree: &Path) -> BTreeSet<PathBuf> {
    let mut out = roots.clone();
    for root in &roots {
        let Some(package) = index::Package::read(root) else {
            continue;
        };
        // The first crate is the package's own.
        for (_, src) in package.crates.iter().skip(1) {
            // The package whose library folder `src` is (`[lib] path` may put it anywhere).
            let Some(dependency) = index::package_root(&src.join("lib.rs"))
                .and_then(|d| std::fs::canonicalize(d).ok())
            else {
                continue;
            };
            if dependency.starts_with(tree)
                && index::package_root(&dependency.join("Cargo.toml")).as_deref()
                    == Some(dependency.as_path())
            {
                out.insert(dependency);
            }
        }
    }
    out
}

/// Indexes a Rust file that is not parsed because it has no status token (it cannot build a
/// response, so it defines no summary) by the types it may define: a second type of a name makes
/// that name ambiguous (unknown) in the index, and leaving it out could pin a call to the wrong
/// type's method. Found as text (`struct Name`, `enum Name`), so a word in a comment or a string
/// counts too: that only makes more names unknown, never fewer.
///
/// Its top-level re-exports (`pub use errors::reply::json_error;` in `lib.rs`) are read as text too,
/// so that `crate::json_error` can be followed to the helper without parsing every file that has one.
pub(crate) fn index_unparsed(index: &Index, path: &Path, text: &str) {
    let types = scanned_types(text);
    let imports = scanned_reexports(text);
    if types.is_empty() && imports.is_empty() {
        return;
    }
    let facts = FileFacts {
        index: IndexFacts {
            types,
            imports,
            ..IndexFacts::default()
        },
        ..FileFacts::default()
    };
    index.update(path, text, &facts);
}

/// Longer `pub use` statements are not read (generated code).
const MAX_REEXPORT_LEN: usize = 4096;

/// The `pub use` / `pub(crate) use` statements that start a line at column 0 (the file's own
/// module), as imports. A list is read one level deep (`a::{b, c as d, e::*}`); a nested list, or
/// anything that is not a plain path, is left out: unknown, never a wrong path.
fn scanned_reexports(text: &str) -> Vec<Import> {
    let mut out = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let start = at;
        at += line.len();
        let Some(rest) = ["pub use ", "pub(crate) use "]
            .iter()
            .find_map(|p| line.strip_prefix(p))
        else {
            continue;
        };
        let from = start + (line.len() - rest.len());
        let tail = &text[from..text.len().min(from + MAX_REEXPORT_LEN)];
        let Some(end) = tail.find(';') else { continue };
        let statement: String = tail[..end]
            .chars()
            .map(|c| if c.is_whitespace() { ' ' } else { c })
            .collect();
        reexports_of(&statement, start, &mut out);
    }
    out
}

/// The imports of one `use` tree (`statement` without `pub use` and `;`).
fn reexports_of(statement: &str, at: usize, out: &mut Vec<Import>) {
    let statement = statement.trim();
    let Some(open) = statement.find('{') else {
        out.extend(reexport(&[], statement, at));
        return;
    };
    let Some(close) = statement.rfind('}').filter(|close| *close > open) else {
        return;
    };
    let (prefix, inner) = (statement[..open].trim(), &statement[open + 1..close]);
    if inner.contains('{') {
        return;
    }
    let prefix: Vec<&str> = prefix.trim_end_matches("::").split("::").collect();
    for item in inner.split(',').map(str::trim).filter(|i| !i.is_empty()) {
        out.extend(reexport(&prefix, item, at));
    }
}

/// One path of a `use` tree, after `prefix`: `a::b`, `a::b as c`, `a::*`, `self`.
fn reexport(prefix: &[&str], item: &str, at: usize) -> Option<Import> {
    let (path, alias) = match item.split_once(" as ") {
        Some((path, alias)) => (path.trim(), Some(alias.trim())),
        None => (item, None),
    };
    let mut segments: Vec<String> = prefix
        .iter()
        .copied()
        .chain(path.trim_start_matches("::").split("::"))
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    let glob = segments.last().is_some_and(|s| s == "*");
    // `a::*` and `a::{self}` both name `a`.
    if glob || segments.last().is_some_and(|s| s == "self") {
        segments.pop();
    }
    let word = |s: &str| !s.is_empty() && s.chars().all(|c| c == '_' || c.is_alphanumeric());
    if segments.is_empty() || !segments.iter().all(|s| word(s)) {
        return None;
    }
    let alias = match (glob, alias) {
        (true, _) => String::new(),
        (false, Some(alias)) if word(alias) => alias.to_string(),
        (false, Some(_)) => return None,
        (false, None) => segments.last()?.clone(),
    };
    Some(Import {
        module: Vec::new(),
        alias,
        path: segments,
        glob,
        at,
    })
}

fn scanned_types(text: &str) -> Vec<TypeDef> {
    let is_ident = |c: char| c == '_' || c.is_alphanumeric();
    let mut out = Vec::new();
    for keyword in ["struct", "enum"] {
        for (at, _) in text.match_indices(keyword) {
            let before = text[..at].chars().next_back();
            let rest = &text[at + keyword.len()..];
            let name_start = rest.trim_start();
            if before.is_some_and(is_ident) || name_start.len() == rest.len() {
                continue;
            }
            let name: String = name_start.chars().take_while(|&c| is_ident(c)).collect();
            if name.chars().next().is_some_and(|c| !c.is_numeric()) {
                out.push(TypeDef {
                    module: Vec::new(),
                    name,
                    at,
                });
            }
        }
    }
    out.sort_by_key(|t| t.at);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_are_found_as_text() {
        let text = "pub struct ApiError { a: u8 }\nenum  Kind { A }\nstruct\n  Unit;\nfn destruct() {}\nlet enums = 1;\n// struct InComment\n";
        let names: Vec<String> = scanned_types(text).into_iter().map(|t| t.name).collect();
        assert_eq!(names, ["ApiError", "Kind", "Unit", "InComment"]);
    }

    #[test]
    fn top_level_reexports_are_found_as_text() {
        let text = "pub use errors::reply::json_error;\npub use build::refuse as deny;\n\
            pub(crate) use self::a::{b, c as d,\n    e::*, self};\npub use x::{y::{z}};\n\
            mod m {\n    pub use inner::hidden;\n}\nuse private::f;\npub use weird::<T>;\n";
        let found: Vec<(String, String, bool)> = scanned_reexports(text)
            .into_iter()
            .map(|i| (i.path.join("::"), i.alias, i.glob))
            .collect();
        let expected = [
            ("errors::reply::json_error", "json_error", false),
            ("build::refuse", "deny", false),
            ("self::a::b", "b", false),
            ("self::a::c", "d", false),
            ("self::a::e", "", true),
            ("self::a", "a", false),
        ];
        let expected: Vec<(String, String, bool)> = expected
            .iter()
            .map(|(p, a, g)| (p.to_string(), a.to_string(), *g))
            .collect();
        assert_eq!(found, expected);
    }
}
