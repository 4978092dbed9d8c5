//! Cargo packages: which package a file is in, its crate names, and a file's module path.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use std::collections::HashMap;

/// A Cargo package: its root, and the crate names its code can use for crates inside it or its
/// `path` dependencies.
#[derive(Debug, Clone)]
pub struct Package {
    pub root: PathBuf,
    /// The folder of its library's root file (`src`, or the folder of `[lib] path`).
    pub src: PathBuf,
    /// `(crate name, crate)`: the package's own library (`my_app` for `my-app`) and its `path`
    /// dependencies, each crate named by its `src` directory.
    pub crates: Arc<Vec<(String, PathBuf)>>,
}

/// Package roots and manifests already read (a walk asks once per file).
fn cache() -> &'static Mutex<HashMap<PathBuf, Option<PathBuf>>> {
    static CACHE: OnceLock<Mutex<HashMap<PathBuf, Option<PathBuf>>>> = OnceLock::new();
    CACHE.get_or_init(Default::default)
}

fn manifests() -> &'static Mutex<HashMap<PathBuf, Option<Package>>> {
    static CACHE: OnceLock<Mutex<HashMap<PathBuf, Option<Package>>>> = OnceLock::new();
    CACHE.get_or_init(Default::default)
}

/// Forgets every package root and manifest read so far (a `Cargo.toml` changed).
pub fn forget_packages() {
    cache().lock().unwrap_or_else(|e| e.into_inner()).clear();
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

/// The Cargo package `path` (a file) belongs to: the nearest ancestor directory with a Cargo.toml
/// that has a `[package]`. `None` outside any package.
pub fn package_root(path: &Path) -> Option<PathBuf> {
    let dir = path.parent()?;
    let mut cache = cache().lock().unwrap_or_else(|e| e.into_inner());
    if let Some(known) = cache.get(dir) {
        return known.clone();
    }
    let mut found = None;
    for ancestor in dir.ancestors().take(64) {
        let manifest = ancestor.join("Cargo.toml");
        if manifest.is_file() && package_name(&manifest).is_some() {
            found = Some(ancestor.to_path_buf());
            break;
        }
    }
    cache.insert(dir.to_path_buf(), found.clone());
    found
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
        Some(Package {
            root: root.to_path_buf(),
            src,
            crates: Arc::new(crates),
        })
    }

    /// The crate `path` is in and its module path there: files under `src/` (except `src/bin/`)
    /// are the package's crate (`src/a/b.rs` and `src/a/b/mod.rs` are `a::b`); any other file is a
    /// crate of its own.
    pub fn module_of(&self, path: &Path) -> (PathBuf, Vec<String>) {
        let src = self.src.clone();
        let own = || (path.to_path_buf(), Vec::new());
        let Ok(relative) = path.strip_prefix(&src) else {
            return own();
        };
        let mut parts: Vec<String> = relative
            .iter()
            .map(|p| p.to_string_lossy().into_owned())
            .collect();
        if parts.first().is_some_and(|p| p == "bin") {
            return own();
        }
        let Some(last) = parts.pop() else {
            return own();
        };
        let stem = last.strip_suffix(".rs").unwrap_or(&last);
        if !matches!(stem, "lib" | "main" | "mod") || !parts.is_empty() && stem != "mod" {
            parts.push(stem.to_string());
        }
        (src, parts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_paths_follow_cargo_layout() {
        let package = Package {
            root: PathBuf::from("/p"),
            src: PathBuf::from("/p/src"),
            crates: Arc::new(Vec::new()),
        };
        let module = |p: &str| package.module_of(Path::new(p)).1;
        assert!(module("/p/src/lib.rs").is_empty());
        assert!(module("/p/src/main.rs").is_empty());
        assert_eq!(module("/p/src/util.rs"), ["util"]);
        assert_eq!(module("/p/src/handlers/mod.rs"), ["handlers"]);
        assert_eq!(module("/p/src/handlers/tokens.rs"), ["handlers", "tokens"]);
        assert_eq!(module("/p/src/a/lib.rs"), ["a", "lib"]);
        let (krate, _) = package.module_of(Path::new("/p/src/bin/tool.rs"));
        assert_eq!(krate, PathBuf::from("/p/src/bin/tool.rs"));
    }
}
