//! Packages, language-neutral: which package a file is in (the nearest folder with its language's
//! manifest) and where it sits there (`Module`, given by its language), with path aliases.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use crate::extract::{Language, Module};

/// Package roots already found (a walk asks once per file).
/// (folder, manifest name) -> the package root found from it.
type Roots = HashMap<(PathBuf, &'static str), Option<PathBuf>>;

fn cache() -> &'static Mutex<Roots> {
    static CACHE: OnceLock<Mutex<Roots>> = OnceLock::new();
    CACHE.get_or_init(Default::default)
}

/// Forgets every package root and manifest read so far (a manifest changed).
pub fn forget_packages() {
    for language in Language::all() {
        (language.packages.forget)();
    }
    cache().lock().unwrap_or_else(|e| e.into_inner()).clear();
}

/// The language whose packages `path` belongs to (a manifest's own language; a file of unknown
/// extension is read as the default language).
fn language_of(path: &Path) -> Language {
    Language::from_path(path)
        .or_else(|| Language::of_manifest(path))
        .unwrap_or_default()
}

/// The package `path` (a file) belongs to: the nearest ancestor directory with its language's
/// manifest, when that manifest roots a package (`Packages::roots`), else what its language says
/// without one (`Packages::root_without_manifest`). `None` outside any package.
pub fn package_root(path: &Path) -> Option<PathBuf> {
    let dir = path.parent()?;
    let language = language_of(path);
    let kind = language.packages.manifest;
    let mut cache = cache().lock().unwrap_or_else(|e| e.into_inner());
    if let Some(known) = cache.get(&(dir.to_path_buf(), kind)) {
        return known.clone();
    }
    let mut found = None;
    for ancestor in dir.ancestors().take(64) {
        let manifest = ancestor.join(kind);
        if manifest.is_file() && (language.packages.roots)(&manifest) {
            found = Some(ancestor.to_path_buf());
            break;
        }
    }
    if found.is_none() {
        found = (language.packages.root_without_manifest)(dir);
    }
    cache.insert((dir.to_path_buf(), kind), found.clone());
    found
}

/// Where `path` sits in the package rooted at `root`, by its language.
pub fn module_of(root: &Path, path: &Path) -> Option<Module> {
    (language_of(path).packages.module_of)(root, path)
}

/// The first segment of a path that resolves through the flat package's path aliases
/// (`Aliases`): an import of `@/lib/auth` or of `lib/auth` under a `baseUrl`.
pub const ALIASED: &str = "#aliased";

/// Each package root's `Aliases`, read once until `clear` (a language whose packages have
/// aliases keeps one in a `static`).
pub struct AliasCache(OnceLock<Mutex<HashMap<PathBuf, Arc<Aliases>>>>);

impl Default for AliasCache {
    fn default() -> AliasCache {
        AliasCache::new()
    }
}

impl AliasCache {
    pub const fn new() -> AliasCache {
        AliasCache(OnceLock::new())
    }

    fn map(&self) -> std::sync::MutexGuard<'_, HashMap<PathBuf, Arc<Aliases>>> {
        self.0
            .get_or_init(Default::default)
            .lock()
            .unwrap_or_else(|e| e.into_inner())
    }

    /// The aliases of `root`, read with `read` the first time.
    pub fn get(&self, root: &Path, read: impl FnOnce() -> Aliases) -> Arc<Aliases> {
        self.map()
            .entry(root.to_path_buf())
            .or_insert_with(|| Arc::new(read()))
            .clone()
    }

    /// Forgets what was read (a manifest changed).
    pub fn clear(&self) {
        self.map().clear();
    }
}

/// A flat package's path aliases (read by its language, e.g. from a tsconfig): path prefixes that
/// stand for module paths under the root, and a base folder for other paths.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Aliases {
    /// (pattern segments, module path it stands for), longest pattern first.
    prefixes: Vec<(Vec<String>, Vec<String>)>,
    /// The module path of `baseUrl`, when set.
    base: Option<Vec<String>>,
}

impl Aliases {
    /// Aliases from (pattern segments, module path), longest pattern first, and a base folder.
    pub fn new(prefixes: Vec<(Vec<String>, Vec<String>)>, base: Option<Vec<String>>) -> Aliases {
        Aliases { prefixes, base }
    }

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
}
