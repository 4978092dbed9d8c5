//! The packages of the checked files (Cargo packages, package.json roots), and their other files: `check src/handlers/x.rs`
//! reads the whole package into the index so calls into `src/util.rs` resolve, and reports on the
//! named file only.

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};

use crate::extract::Language;
use crate::index::{self, Index};
use crate::model::FileFacts;

/// The source files of `roots` (package folders, canonical) that are not in `known` (canonical paths
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
            let parent = path.parent().unwrap_or(path);
            if (entry.depth() == 1 && Language::any_skips_dir(parent, name))
                || Language::all().any(|l| l.skipped_dirs.iter().any(|d| name == *d))
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
                && Language::from_path(path).is_some()
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

/// Whether `dir` (under `root`) is the root of a package of its own, for some language.
fn is_other_package(dir: &Path, root: &Path) -> bool {
    dir != root && Language::all().any(|l| (l.packages.nested)(dir, root))
}

/// `roots` and the packages they depend on by path (Cargo `path` dependencies) that are inside
/// `tree` (the working folder, canonical): what a package's code can call by name. One level: a
/// dependency's own dependencies are not its caller's.
pub(crate) fn with_path_dependencies(roots: BTreeSet<PathBuf>, tree: &Path) -> BTreeSet<PathBuf> {
    let mut out = roots.clone();
    for root in &roots {
        for language in Language::all() {
            for dependency in (language.packages.dependencies)(root) {
                if dependency.starts_with(tree) {
                    out.insert(dependency);
                }
            }
        }
    }
    out
}

/// Indexes a file whose parse the prefilter skipped by what its language reads of it as text
/// (`Spec::unparsed`: the types it may define, its re-exports), so that names stay as ambiguous
/// and as reachable as a full read would make them.
pub(crate) fn index_unparsed(index: &Index, language: Language, path: &Path, text: &str) {
    let Some(facts) = (language.unparsed)(text) else {
        return;
    };
    let facts = FileFacts {
        index: facts,
        ..FileFacts::default()
    };
    index.update(path, text, &facts);
}
