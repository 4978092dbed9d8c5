//! Cargo packages: which package a file is in, its crate names, and a file's module path.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use std::collections::HashMap;

use crate::extract::Language;

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
    /// The root files of its `[[bin]]` targets outside `src/` (`path = "bin/server.rs"`): each is a
    /// crate whose modules are the files of its folder.
    pub bins: Arc<Vec<PathBuf>>,
}

/// Package roots and manifests already read (a walk asks once per file).
/// (folder, manifest name) -> the package root found from it.
type Roots = HashMap<(PathBuf, &'static str), Option<PathBuf>>;

fn cache() -> &'static Mutex<Roots> {
    static CACHE: OnceLock<Mutex<Roots>> = OnceLock::new();
    CACHE.get_or_init(Default::default)
}

fn manifests() -> &'static Mutex<HashMap<PathBuf, Option<Package>>> {
    static CACHE: OnceLock<Mutex<HashMap<PathBuf, Option<Package>>>> = OnceLock::new();
    CACHE.get_or_init(Default::default)
}

fn alias_cache() -> &'static Mutex<HashMap<PathBuf, Arc<Aliases>>> {
    static CACHE: OnceLock<Mutex<HashMap<PathBuf, Arc<Aliases>>>> = OnceLock::new();
    CACHE.get_or_init(Default::default)
}

/// Forgets every package root and manifest read so far (a `Cargo.toml` changed).
pub fn forget_packages() {
    alias_cache()
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .clear();
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

/// The manifest that roots a package of `path`'s language (`Cargo.toml` when the language is not
/// known: a Cargo package's files).
pub fn manifest_of(path: &Path) -> &'static str {
    Language::from_path(path).map_or("Cargo.toml", Language::manifest)
}

/// Whether `path`'s packages are rooted by a manifest other than Cargo's: every file under the
/// root is one namespace (no `src/` crate layout).
pub fn is_flat(path: &Path) -> bool {
    manifest_of(path) != "Cargo.toml"
}

/// The package `path` (a file) belongs to: the nearest ancestor directory with its language's
/// manifest (a Cargo.toml that has a `[package]`, any package.json). `None` outside any package.
pub fn package_root(path: &Path) -> Option<PathBuf> {
    let dir = path.parent()?;
    let kind = manifest_of(path);
    let mut cache = cache().lock().unwrap_or_else(|e| e.into_inner());
    if let Some(known) = cache.get(&(dir.to_path_buf(), kind)) {
        return known.clone();
    }
    let mut found = None;
    for ancestor in dir.ancestors().take(64) {
        let manifest = ancestor.join(kind);
        if manifest.is_file() && (kind != "Cargo.toml" || package_name(&manifest).is_some()) {
            found = Some(ancestor.to_path_buf());
            break;
        }
    }
    cache.insert((dir.to_path_buf(), kind), found.clone());
    found
}

/// A file of a flat package (see `is_flat`): the package's root is its crate, and its module path
/// is its path under the root without the extension (`lib/auth.ts` -> `["lib", "auth"]`).
pub fn flat_module_of(root: &Path, path: &Path) -> (PathBuf, Vec<String>) {
    let Ok(relative) = path.strip_prefix(root) else {
        return (path.to_path_buf(), Vec::new());
    };
    let mut parts: Vec<String> = relative
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    if let Some(last) = parts.last_mut() {
        if let Some((stem, _)) = last.split_once('.') {
            *last = stem.to_string();
        }
    }
    (root.to_path_buf(), parts)
}

/// The first segment of a path that resolves through the flat package's path aliases
/// (`Aliases`): an import of `@/lib/auth` or of `lib/auth` under a `baseUrl`.
pub const ALIASED: &str = "#aliased";

/// A flat package's path aliases, from the `tsconfig.json` (else `jsconfig.json`) at its root:
/// `paths` patterns `a/*` (any number of segments before the `*`) mapped to one folder inside the
/// root, and `baseUrl`. An `extends`, a pattern with several targets or a target outside the root
/// is left out: what it would resolve stays unknown.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Aliases {
    /// (pattern segments, module path it stands for), longest pattern first.
    prefixes: Vec<(Vec<String>, Vec<String>)>,
    /// The module path of `baseUrl`, when set.
    base: Option<Vec<String>>,
}

impl Aliases {
    /// The module path (under the root) an aliased path (without `ALIASED`) stands for.
    pub fn resolve(&self, path: &[&str]) -> Option<Vec<String>> {
        for (pattern, target) in &self.prefixes {
            if path.len() > pattern.len() && pattern.iter().zip(path).all(|(p, s)| p == s) {
                let mut full = target.clone();
                full.extend(path[pattern.len()..].iter().map(|s| s.to_string()));
                return Some(full);
            }
        }
        let mut full = self.base.clone()?;
        full.extend(path.iter().map(|s| s.to_string()));
        Some(full)
    }

    fn read(root: &Path) -> Aliases {
        let text = ["tsconfig.json", "jsconfig.json"]
            .iter()
            .find_map(|name| std::fs::read_to_string(root.join(name)).ok());
        let Some(value) = text.and_then(|t| serde_json::from_str(&strip_jsonc(&t)).ok()) else {
            return Aliases::default();
        };
        let value: serde_json::Value = value;
        let Some(options) = value.get("compilerOptions") else {
            return Aliases::default();
        };
        let base_url = options.get("baseUrl").and_then(|b| b.as_str());
        let base = base_url.and_then(|b| normalize(&[], b));
        // `paths` targets are relative to `baseUrl`, else to the config's folder.
        let from = base.clone().unwrap_or_default();
        let mut prefixes = Vec::new();
        if let Some(paths) = options.get("paths").and_then(|p| p.as_object()) {
            for (pattern, targets) in paths {
                let Some(pattern) = pattern.strip_suffix("/*") else {
                    continue;
                };
                let [target] = targets.as_array().map(Vec::as_slice).unwrap_or(&[]) else {
                    continue;
                };
                let Some(target) = target.as_str().and_then(|t| t.strip_suffix('*')) else {
                    continue;
                };
                let Some(target) = normalize(&from, target) else {
                    continue;
                };
                let pattern: Vec<String> = pattern.split('/').map(str::to_string).collect();
                if pattern.iter().any(|p| p.is_empty() || p.contains('*')) {
                    continue;
                }
                prefixes.push((pattern, target));
            }
        }
        prefixes.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.cmp(b)));
        Aliases { prefixes, base }
    }
}

/// `from` (a module path under the root) joined with the relative folder `rel`; `None` when it
/// leaves the root.
fn normalize(from: &[String], rel: &str) -> Option<Vec<String>> {
    let mut out = from.to_vec();
    for part in rel.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                out.pop()?;
            }
            p => out.push(p.to_string()),
        }
    }
    Some(out)
}

/// JSON with comments and trailing commas (a tsconfig) as plain JSON.
fn strip_jsonc(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let mut in_string = false;
    while i < bytes.len() {
        let c = bytes[i];
        if in_string {
            if c == b'\\' {
                // The escaped character is pushed whole on the next turn.
                out.push('\\');
                i += 1;
                if bytes.get(i) == Some(&b'"') || bytes.get(i) == Some(&b'\\') {
                    out.push(bytes[i] as char);
                    i += 1;
                }
                continue;
            }
            if c == b'"' {
                in_string = false;
            }
        } else if c == b'"' {
            in_string = true;
        } else if c == b'/' && bytes.get(i + 1) == Some(&b'/') {
            while i < bytes.len() && bytes[i] != b'\n' {
                i += 1;
            }
            continue;
        } else if c == b'/' && bytes.get(i + 1) == Some(&b'*') {
            i += 2;
            while i + 1 < bytes.len() && !(bytes[i] == b'*' && bytes[i + 1] == b'/') {
                i += 1;
            }
            i += 2;
            continue;
        } else if c == b',' {
            let next = text[i + 1..].trim_start();
            if next.starts_with('}') || next.starts_with(']') {
                i += 1;
                continue;
            }
        }
        // Whole characters: `i` only stops on ASCII bytes, so this slice is on a boundary.
        let len = text[i..].chars().next().map_or(1, char::len_utf8);
        out.push_str(&text[i..i + len]);
        i += len;
    }
    out
}

/// The path aliases of the flat package rooted at `root` (read once).
pub fn flat_aliases(root: &Path) -> Arc<Aliases> {
    let mut cache = alias_cache().lock().unwrap_or_else(|e| e.into_inner());
    cache
        .entry(root.to_path_buf())
        .or_insert_with(|| Arc::new(Aliases::read(root)))
        .clone()
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
            root: root.to_path_buf(),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tsconfig_paths_and_base_url_resolve_inside_the_root() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(
            dir.path().join("tsconfig.json"),
            r#"{
  // a comment, "quoted"
  "compilerOptions": {
    "baseUrl": "src", /* block */
    "paths": {
      "@/*": ["./*"],
      "hooks/*": ["lib/hooks/*"],
      "two/*": ["a/*", "b/*"],
      "out/*": ["../../x/*"],
      "s/*": ["lib/\"q\"/*"],
    },
  },
}"#,
        )
        .expect("written");
        let aliases = Aliases::read(dir.path());
        let resolve = |p: &str| {
            let parts: Vec<&str> = p.split('/').collect();
            aliases.resolve(&parts).map(|m| m.join("/"))
        };
        assert_eq!(resolve("@/lib/auth").as_deref(), Some("src/lib/auth"));
        assert_eq!(
            resolve("hooks/useUser").as_deref(),
            Some("src/lib/hooks/useUser")
        );
        // Through `baseUrl`: the patterns that are left out resolve as plain paths there.
        assert_eq!(resolve("lib/config").as_deref(), Some("src/lib/config"));
        assert_eq!(resolve("two/x").as_deref(), Some("src/two/x"));
        assert_eq!(resolve("out/x").as_deref(), Some("src/out/x"));
        // No config: nothing resolves.
        let empty = tempfile::tempdir().expect("temp dir");
        assert_eq!(Aliases::read(empty.path()).resolve(&["lib", "x"]), None);
    }

    #[test]
    fn module_paths_follow_cargo_layout() {
        let package = Package {
            root: PathBuf::from("/p"),
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
}
