//! The Cargo packages of the checked files, and their other `.rs` files: `check src/handlers/x.rs`
//! reads the whole package into the index so calls into `src/util.rs` resolve, and reports on the
//! named file only.

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};

use crate::index::{self, Index, IndexFacts, TypeDef};
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
            if entry.file_type().is_some_and(|t| t.is_file())
                && path.extension().is_some_and(|ext| ext == "rs")
                && !known.contains(path)
            {
                out.push(path.to_path_buf());
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Whether `dir` (under `root`) is the root of a package of its own.
fn is_other_package(dir: &Path, root: &Path) -> bool {
    dir != root
        && dir.join("Cargo.toml").is_file()
        && index::package_root(&dir.join("Cargo.toml")).as_deref() == Some(dir)
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
pub(crate) fn index_unparsed(index: &Index, path: &Path, text: &str) {
    let types = scanned_types(text);
    if types.is_empty() {
        return;
    }
    let facts = FileFacts {
        index: IndexFacts {
            types,
            ..IndexFacts::default()
        },
        ..FileFacts::default()
    };
    index.update(path, text, &facts);
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
}
