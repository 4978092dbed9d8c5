//! Cargo packages: which package a file is in, its crate names, a file's module path, and what the
//! index needs of files whose parse is skipped.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use crate::extract::Module;
use crate::index::{Aliases, Import, IndexFacts, TypeDef};

/// A Cargo package: its root, and the crate names its code can use for crates inside it or its
/// `path` dependencies.
#[derive(Debug, Clone)]
pub struct Package {
    /// The folder of its library's root file (`src`, or the folder of `[lib] path`).
    pub src: PathBuf,
    /// `(crate name, crate)`: the package's own library (`my_app` for `my-app`) and its `path`
    /// dependencies, each crate named by its `src` directory.
    pub crates: Arc<Vec<(String, PathBuf)>>,
    /// The root files of its `[[bin]]` targets outside `src/` (`path = "bin/server.rs"`): each is a
    /// crate whose modules are the files of its folder.
    pub bins: Arc<Vec<PathBuf>>,
}

fn manifests() -> &'static Mutex<HashMap<PathBuf, Option<Package>>> {
    static CACHE: OnceLock<Mutex<HashMap<PathBuf, Option<Package>>>> = OnceLock::new();
    CACHE.get_or_init(Default::default)
}

/// Forgets the manifests read so far (a `Cargo.toml` changed).
pub(crate) fn forget() {
    manifests()
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .clear();
}

/// Reads a manifest's `[package]` name, or `None` when it has none (a virtual workspace) or does
/// not parse.
fn package_name(manifest: &Path) -> Option<String> {
    let text = std::fs::read_to_string(manifest).ok()?;
    let value: toml::Table = text.parse().ok()?;
    let name = value.get("package")?.get("name")?.as_str()?;
    Some(name.replace('-', "_"))
}

/// Whether the `Cargo.toml` at `manifest` roots a package (it has a `[package]`).
pub(crate) fn roots(manifest: &Path) -> bool {
    package_name(manifest).is_some()
}

/// A file's crate and module path in the package rooted at `root`.
pub(crate) fn module_of(root: &Path, path: &Path) -> Option<Module> {
    let package = Package::read(root)?;
    let (krate, module) = package.module_of(path);
    Some(Module {
        krate,
        module,
        crates: package.crates.clone(),
        aliases: Arc::new(Aliases::default()),
        flat: false,
        folder: false,
    })
}

/// The roots (canonical) of the `path` dependencies of the package at `root`.
pub(crate) fn dependencies(root: &Path) -> Vec<PathBuf> {
    let Some(package) = Package::read(root) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    // The first crate is the package's own.
    for (_, src) in package.crates.iter().skip(1) {
        // The package whose library folder `src` is (`[lib] path` may put it anywhere).
        let Some(dependency) = crate::index::package_root(&src.join("lib.rs"))
            .and_then(|d| std::fs::canonicalize(d).ok())
        else {
            continue;
        };
        if crate::index::package_root(&dependency.join("Cargo.toml")).as_deref()
            == Some(dependency.as_path())
        {
            out.push(dependency);
        }
    }
    out
}

/// Whether `dir` is a Cargo package of its own.
pub(crate) fn nested(dir: &Path, _root: &Path) -> bool {
    dir.join("Cargo.toml").is_file()
        && crate::index::package_root(&dir.join("Cargo.toml")).as_deref() == Some(dir)
}

/// The folder of a package's library root: the parent of `[lib] path`, else `src`.
fn lib_dir(root: &Path, manifest: &toml::Table) -> PathBuf {
    let path = manifest
        .get("lib")
        .and_then(|l| l.get("path"))
        .and_then(|p| p.as_str());
    match path.map(Path::new).and_then(Path::parent) {
        Some(dir) => root.join(dir),
        None => root.join("src"),
    }
}

/// The workspace `root`'s package belongs to: the nearest manifest at or above it with a
/// `[workspace]`, with its folder.
fn workspace_of(root: &Path) -> Option<(PathBuf, toml::Table)> {
    for ancestor in root.ancestors().take(64) {
        let Ok(text) = std::fs::read_to_string(ancestor.join("Cargo.toml")) else {
            continue;
        };
        let Ok(table) = text.parse::<toml::Table>() else {
            continue;
        };
        if table.contains_key("workspace") {
            return Some((ancestor.to_path_buf(), table));
        }
    }
    None
}

impl Package {
    /// The package at `root` (cached), or `None` when its manifest has no `[package]`.
    pub fn read(root: &Path) -> Option<Package> {
        let mut cache = manifests().lock().unwrap_or_else(|e| e.into_inner());
        if let Some(known) = cache.get(root) {
            return known.clone();
        }
        let package = Package::parse(root);
        cache.insert(root.to_path_buf(), package.clone());
        package
    }

    fn parse(root: &Path) -> Option<Package> {
        let manifest = root.join("Cargo.toml");
        let text = std::fs::read_to_string(&manifest).ok()?;
        let value: toml::Table = text.parse().ok()?;
        let name = value
            .get("package")?
            .get("name")?
            .as_str()?
            .replace('-', "_");
        let lib_name = value
            .get("lib")
            .and_then(|l| l.get("name"))
            .and_then(|n| n.as_str())
            .map(|n| n.replace('-', "_"))
            .unwrap_or(name);
        let src = lib_dir(root, &value);
        let mut crates = vec![(lib_name, src.clone())];
        // The workspace's `[workspace.dependencies]`, read once and only when a dependency says
        // `workspace = true`.
        let mut workspace: Option<Option<(PathBuf, toml::Table)>> = None;
        if let Some(deps) = value.get("dependencies").and_then(|d| d.as_table()) {
            for (dep, spec) in deps {
                let inherited = spec.get("workspace").and_then(|w| w.as_bool()) == Some(true);
                let (base, path) = match spec.get("path").and_then(|p| p.as_str()) {
                    Some(path) => (root.to_path_buf(), path.to_string()),
                    None if inherited => {
                        let found = workspace.get_or_insert_with(|| workspace_of(root));
                        let Some((ws_root, ws)) = found else { continue };
                        let path = ws
                            .get("workspace")
                            .and_then(|w| w.get("dependencies"))
                            .and_then(|d| d.get(dep))
                            .and_then(|d| d.get("path"))
                            .and_then(|p| p.as_str());
                        let Some(path) = path else { continue };
                        (ws_root.clone(), path.to_string())
                    }
                    None => continue,
                };
                // `path = "../common"`: the crate's path as the index stores files (canonical).
                let dep_root = std::fs::canonicalize(base.join(&path)).unwrap_or(base.join(&path));
                let dep_src = std::fs::read_to_string(dep_root.join("Cargo.toml"))
                    .ok()
                    .and_then(|t| t.parse::<toml::Table>().ok())
                    .map_or_else(|| dep_root.join("src"), |t| lib_dir(&dep_root, &t));
                // The crate's name is the dependency's key, also when `package = ".."` renames it.
                crates.push((dep.replace('-', "_"), dep_src));
            }
        }
        let bins = value
            .get("bin")
            .and_then(|b| b.as_array())
            .into_iter()
            .flatten()
            .filter_map(|bin| bin.get("path")?.as_str())
            .map(|path| root.join(path))
            .filter(|path| !path.starts_with(&src))
            .collect();
        Some(Package {
            src,
            crates: Arc::new(crates),
            bins: Arc::new(bins),
        })
    }

    /// The crate `path` is in and its module path there: files under `src/` (except `src/bin/`)
    /// are the package's crate (`src/a/b.rs` and `src/a/b/mod.rs` are `a::b`); any other file is a
    /// crate of its own.
    pub fn module_of(&self, path: &Path) -> (PathBuf, Vec<String>) {
        let own = || (path.to_path_buf(), Vec::new());
        // A `[[bin]]` root outside `src/`, or a file of its folder (`mod util;` in it).
        for bin in self.bins.iter() {
            let Some(dir) = bin.parent() else { continue };
            if path == bin.as_path() {
                return (dir.to_path_buf(), Vec::new());
            }
            if let Ok(relative) = path.strip_prefix(dir) {
                let root = bin.file_name().and_then(|n| n.to_str()).unwrap_or("");
                return (dir.to_path_buf(), modules(relative, root));
            }
        }
        let src = self.src.clone();
        let Ok(relative) = path.strip_prefix(&src) else {
            return own();
        };
        let mut parts = relative.iter();
        if parts.next().is_some_and(|p| p == "bin") {
            // `src/bin/tool/main.rs` and its modules `src/bin/tool/*.rs` are the crate `tool`; a
            // single file `src/bin/tool.rs` is a crate of its own.
            return match (parts.next(), parts.next()) {
                (Some(name), Some(_)) => {
                    let dir = src.join("bin").join(name);
                    let relative = path.strip_prefix(&dir).unwrap_or(relative);
                    (dir, modules(relative, "main.rs"))
                }
                _ => own(),
            };
        }
        (src, modules(relative, "lib.rs"))
    }
}

/// The module path of the file at `relative` in a crate's folder whose root file is named `root`:
/// `a/b.rs` and `a/b/mod.rs` are `a::b`; the root file (and `main.rs`, `lib.rs`) is the crate.
fn modules(relative: &Path, root: &str) -> Vec<String> {
    let mut parts: Vec<String> = relative
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let Some(last) = parts.pop() else {
        return parts;
    };
    let at_top = parts.is_empty();
    let stem = last.strip_suffix(".rs").unwrap_or(&last);
    let is_root = at_top && (last == root || matches!(stem, "lib" | "main"));
    if !is_root && stem != "mod" {
        parts.push(stem.to_string());
    }
    parts
}

/// Indexes a Rust file that is not parsed because it has no status token (it cannot build a
/// response, so it defines no summary) by the types it may define: a second type of a name makes
/// that name ambiguous (unknown) in the index, and leaving it out could pin a call to the wrong
/// type's method. Found as text (`struct Name`, `enum Name`), so a word in a comment or a string
/// counts too: that only makes more names unknown, never fewer.
///
/// Its top-level re-exports (`pub use errors::reply::json_error;` in `lib.rs`) are read as text too,
/// so that `crate::json_error` can be followed to the helper without parsing every file that has one.
pub(crate) fn unparsed(text: &str) -> Option<IndexFacts> {
    let types = scanned_types(text);
    let imports = scanned_reexports(text);
    if types.is_empty() && imports.is_empty() {
        return None;
    }
    Some(IndexFacts {
        types,
        imports,
        ..IndexFacts::default()
    })
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
    fn module_paths_follow_cargo_layout() {
        let package = Package {
            src: PathBuf::from("/p/src"),
            crates: Arc::new(Vec::new()),
            bins: Arc::new(vec![PathBuf::from("/p/bin/server.rs")]),
        };
        let module = |p: &str| package.module_of(Path::new(p)).1;
        let krate = |p: &str| package.module_of(Path::new(p)).0;
        assert!(module("/p/src/lib.rs").is_empty());
        assert!(module("/p/src/main.rs").is_empty());
        assert_eq!(module("/p/src/util.rs"), ["util"]);
        assert_eq!(module("/p/src/handlers/mod.rs"), ["handlers"]);
        assert_eq!(module("/p/src/handlers/tokens.rs"), ["handlers", "tokens"]);
        assert_eq!(module("/p/src/a/lib.rs"), ["a", "lib"]);
        assert_eq!(
            krate("/p/src/bin/tool.rs"),
            PathBuf::from("/p/src/bin/tool.rs")
        );
        // A multi-file binary under `src/bin/`: its folder is the crate.
        assert_eq!(
            krate("/p/src/bin/tool/main.rs"),
            PathBuf::from("/p/src/bin/tool")
        );
        assert!(module("/p/src/bin/tool/main.rs").is_empty());
        assert_eq!(module("/p/src/bin/tool/util.rs"), ["util"]);
        // A `[[bin]] path` outside `src/`: its folder is the crate, its file the root.
        assert_eq!(krate("/p/bin/server.rs"), PathBuf::from("/p/bin"));
        assert!(module("/p/bin/server.rs").is_empty());
        assert_eq!(module("/p/bin/util.rs"), ["util"]);
        assert_eq!(module("/p/bin/routes/mod.rs"), ["routes"]);
        assert_eq!(krate("/p/src/util.rs"), PathBuf::from("/p/src"));
    }

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
