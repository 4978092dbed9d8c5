//! Which files `check` lints, and the settings that apply to each: the nearest `statuslint.toml`
//! above a file, read once per folder and once per config file.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use crate::config::{self, ConfigError, Settings};
use crate::extract::Language;

/// A file to lint, as the user will see it named.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Input {
    /// The path as walked, without `./` components (what output shows).
    pub path: PathBuf,
    /// Absolute and lexically normalised: for config lookup and `exclude` globs.
    pub absolute: PathBuf,
    /// Named on the command line (checked whatever its extension, and not excluded unless forced).
    pub explicit: bool,
    /// How it is read: by its extension; a named file of another extension as the default language.
    pub language: Language,
}

/// A broken config file: reported once, and every file under it is skipped.
#[derive(Debug, Clone)]
pub(crate) struct ConfigFailure {
    pub path: PathBuf,
    pub message: String,
}

type Parsed = Result<Arc<Settings>, ConfigFailure>;

/// Settings per folder, shared by the walker's filter and the lint workers.
pub(crate) struct ConfigCache {
    cwd: PathBuf,
    /// Folder -> its nearest config file (or none).
    dirs: Mutex<HashMap<PathBuf, Option<PathBuf>>>,
    /// Config file -> its parsed settings.
    files: Mutex<HashMap<PathBuf, Parsed>>,
    default: Arc<Settings>,
}

impl ConfigCache {
    pub(crate) fn new(cwd: PathBuf) -> ConfigCache {
        ConfigCache {
            cwd,
            dirs: Mutex::new(HashMap::new()),
            files: Mutex::new(HashMap::new()),
            default: Arc::new(Settings::default()),
        }
    }

    /// The settings for files in the absolute folder `dir`.
    pub(crate) fn for_dir(&self, dir: &Path) -> Parsed {
        let found = self.nearest(dir);
        let Some(path) = found else {
            return Ok(self.default.clone());
        };
        if let Some(parsed) = lock(&self.files).get(&path) {
            return parsed.clone();
        }
        let parsed = self.load(&path);
        lock(&self.files).insert(path, parsed.clone());
        parsed
    }

    /// The config file for `dir`: `config::find`, with each folder's answer cached, so a folder's
    /// `pyproject.toml` or `package.json` is read once, not once per folder below it.
    pub(crate) fn nearest(&self, dir: &Path) -> Option<PathBuf> {
        let mut pending = Vec::new();
        let mut found = None;
        for ancestor in dir.ancestors() {
            if let Some(hit) = lock(&self.dirs).get(ancestor).cloned() {
                found = hit;
                break;
            }
            pending.push(ancestor);
            if let Some(own) = config::in_dir(ancestor) {
                found = Some(own);
                break;
            }
        }
        let mut dirs = lock(&self.dirs);
        for folder in pending {
            dirs.insert(folder.to_path_buf(), found.clone());
        }
        found
    }

    fn load(&self, path: &Path) -> Parsed {
        let shown = relative_to(path, &self.cwd);
        let fail = |message: String| ConfigFailure {
            path: shown.clone(),
            message,
        };
        let text = config::read(path).map_err(|e| {
            fail(match e {
                ConfigError::NotAFile { problem, .. } => format!("{} {problem}", shown.display()),
                ConfigError::Io { error, .. } => {
                    format!("cannot read {}: {error}", shown.display())
                }
                other => other.to_string(),
            })
        })?;
        config::parse(&text, path).map(Arc::new).map_err(|e| {
            fail(match e {
                // These name the file already (as found: absolute); name it as the user sees it.
                ConfigError::Toml { message, .. } => {
                    format!(
                        "invalid {}: {}",
                        config::describe(&shown),
                        message.trim_end()
                    )
                }
                ConfigError::Io { error, .. } => {
                    format!("cannot read {}: {error}", shown.display())
                }
                other => format!("{}: {other}", config::describe(&shown)),
            })
        })
    }

    /// True when `input` is excluded by its config's `exclude` globs (a broken config excludes nothing
    /// here: the failure is reported when the file is linted).
    pub(crate) fn is_excluded(&self, absolute: &Path) -> bool {
        let Some(dir) = absolute.parent() else {
            return false;
        };
        match self.for_dir(dir) {
            Ok(settings) => settings.is_excluded(absolute),
            Err(_) => false,
        }
    }
}

/// A poisoned lock only means another worker panicked; the map is still valid.
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// What the walk found: files to lint and problems to report.
pub(crate) struct Discovery {
    pub inputs: Vec<Input>,
    /// Paths named on the command line that do not exist (or cannot be looked at).
    pub missing: Vec<String>,
    /// Folders or entries the walker could not read.
    pub walk_errors: Vec<String>,
    /// `.rs` files and folders that `exclude` globs kept out (an excluded folder is not walked, so
    /// the files in it are not counted).
    pub excluded_files: usize,
    pub excluded_folders: usize,
}

/// Walks `paths` (none of them `-`) for files to lint, sorted by path and without duplicates.
pub(crate) fn discover(
    paths: &[PathBuf],
    cwd: &Path,
    cache: &Arc<ConfigCache>,
    force_exclude: bool,
) -> Discovery {
    let mut missing = Vec::new();
    let mut roots = Vec::new();
    for path in paths {
        match std::fs::metadata(path) {
            Ok(_) => roots.push(path.clone()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                missing.push(format!("{}: no such file or folder", path.display()))
            }
            Err(e) => missing.push(format!("{}: {e}", path.display())),
        }
    }
    let mut inputs = Vec::new();
    let mut walk_errors = Vec::new();
    let Some((first, rest)) = roots.split_first() else {
        return Discovery {
            inputs,
            missing,
            walk_errors,
            excluded_files: 0,
            excluded_folders: 0,
        };
    };
    let mut builder = ignore::WalkBuilder::new(first);
    for root in rest {
        builder.add(root);
    }
    // .gitignore applies even outside a git checkout (a vendored tree, a temp folder): what the user
    // ignores is not theirs to lint.
    builder.require_git(false);
    let filter_cache = Arc::clone(cache);
    let filter_cwd = cwd.to_path_buf();
    let excluded = Arc::new([AtomicUsize::new(0), AtomicUsize::new(0)]);
    let filter_excluded = Arc::clone(&excluded);
    builder.filter_entry(move |entry| {
        // Named paths are kept here; `--force-exclude` is applied to them when they are linted.
        if entry.depth() == 0 {
            return true;
        }
        // Installed packages are not the user's code.
        let name = entry.file_name();
        let installed = Language::all().any(|l| l.skipped_dirs.iter().any(|d| name == *d));
        if installed && entry.file_type().is_some_and(|t| t.is_dir()) {
            return false;
        }
        let absolute = absolute(&filter_cwd, entry.path());
        if !filter_cache.is_excluded(&absolute) {
            return true;
        }
        if entry.file_type().is_some_and(|t| t.is_dir()) {
            filter_excluded[1].fetch_add(1, Ordering::Relaxed);
        } else if Language::from_path(entry.path()).is_some() {
            filter_excluded[0].fetch_add(1, Ordering::Relaxed);
        }
        false
    });
    let mut forced = 0;
    for entry in builder.build() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                walk_errors.push(e.to_string());
                continue;
            }
        };
        let is_file = entry.file_type().is_some_and(|t| t.is_file())
            || (entry.depth() == 0 && entry.path().is_file());
        if !is_file {
            continue;
        }
        let explicit = entry.depth() == 0;
        let language = Language::from_path(entry.path());
        let bundle = language.is_some_and(|l| l.is_bundle_name(entry.path()));
        if !explicit && (language.is_none() || bundle) {
            continue;
        }
        let language = language.unwrap_or_default();
        let path = display_path(entry.path());
        let absolute = absolute(cwd, entry.path());
        if explicit && force_exclude && cache.is_excluded(&absolute) {
            forced += 1;
            continue;
        }
        inputs.push(Input {
            path,
            absolute,
            explicit,
            language,
        });
    }
    inputs.sort();
    inputs.dedup_by(|a, b| a.absolute == b.absolute);
    Discovery {
        inputs,
        missing,
        walk_errors,
        excluded_files: excluded[0].load(Ordering::Relaxed) + forced,
        excluded_folders: excluded[1].load(Ordering::Relaxed),
    }
}

/// `./src/a.rs` -> `src/a.rs`.
pub(crate) fn display_path(path: &Path) -> PathBuf {
    let cleaned: PathBuf = path
        .components()
        .filter(|c| !matches!(c, Component::CurDir))
        .collect();
    if cleaned.as_os_str().is_empty() {
        path.to_path_buf()
    } else {
        cleaned
    }
}

/// `cwd.join(path)` with `.` and `..` resolved lexically (no symlink lookups: this runs per entry).
pub(crate) fn absolute(cwd: &Path, path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in cwd.join(path).components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// `path` relative to `base` when it is inside it, else unchanged.
pub(crate) fn relative_to(path: &Path, base: &Path) -> PathBuf {
    path.strip_prefix(base)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}

/// `path` relative to `base`, climbing out of `base` with `..` when needed (both absolute); `path`
/// itself when they share no more than the root.
pub(crate) fn relative_from(path: &Path, base: &Path) -> PathBuf {
    let ours: Vec<Component> = path.components().collect();
    let theirs: Vec<Component> = base.components().collect();
    let common = ours.iter().zip(&theirs).take_while(|(a, b)| a == b).count();
    if common <= 1 {
        return path.to_path_buf();
    }
    let mut out = PathBuf::new();
    for _ in common..theirs.len() {
        out.push("..");
    }
    for component in &ours[common..] {
        out.push(component);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_cleaned_for_display_and_lookup() {
        assert_eq!(
            display_path(Path::new("./src/./a.rs")),
            PathBuf::from("src/a.rs")
        );
        assert_eq!(
            absolute(Path::new("/w/p"), Path::new("../q/./b.rs")),
            PathBuf::from("/w/q/b.rs")
        );
        assert_eq!(
            relative_to(Path::new("/w/p/x.toml"), Path::new("/w")),
            PathBuf::from("p/x.toml")
        );
        assert_eq!(
            relative_from(Path::new("/w/p/src/a.rs"), Path::new("/w/p")),
            PathBuf::from("src/a.rs")
        );
        assert_eq!(
            relative_from(Path::new("/w/p/src/a.rs"), Path::new("/w/q/r")),
            PathBuf::from("../../p/src/a.rs")
        );
        assert_eq!(
            relative_from(Path::new("/a/x.rs"), Path::new("/w")),
            PathBuf::from("/a/x.rs")
        );
    }
}
