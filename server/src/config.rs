//! Settings: `statuslint.toml`, `[tool.statuslint]` in `pyproject.toml` or the `"statuslint"` key of
//! `package.json` (the nearest folder above a file that has one; in one folder `statuslint.toml`
//! wins, then `pyproject.toml`), and overrides from an editor. All three hold the same keys:
//!
//! ```toml
//! allowed-status-codes = [499]        # in-house codes unregistered-status-code accepts
//! exclude = ["generated/**"]          # globs, relative to the config file's folder
//!
//! [rules]
//! missing-created-location = "off"    # error | warning | info | hint | off
//! missing-retry-after = "warning"
//! ```

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;

use crate::rules::{self, Rule, Severity};

pub const FILE_NAME: &str = "statuslint.toml";
pub use crate::extract::languages::{PACKAGE_JSON, PYPROJECT};
/// Every file name settings may come from, in the order they win within one folder.
pub const FILE_NAMES: [&str; 3] = [FILE_NAME, PYPROJECT, PACKAGE_JSON];

/// Which part of a config file holds the settings, for messages: `pyproject.toml ([tool.statuslint])`.
pub fn describe(path: &Path) -> String {
    let shown = path.display();
    match path.file_name().and_then(|n| n.to_str()) {
        Some(PYPROJECT) => format!("{shown} ([tool.statuslint])"),
        Some(PACKAGE_JSON) => format!("{shown} (\"statuslint\" key)"),
        _ => shown.to_string(),
    }
}

/// A rule's configured level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Off,
    On(Severity),
}

impl Level {
    pub fn parse(s: &str) -> Option<Level> {
        match s {
            "off" => Some(Level::Off),
            other => Severity::parse(other).map(Level::On),
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// Per-rule levels set by the user; rules not listed use their default.
    pub levels: HashMap<&'static str, Level>,
    pub allowed_status_codes: Vec<u16>,
    pub exclude: Option<GlobSet>,
    /// The folder `exclude` globs are relative to.
    pub root: Option<PathBuf>,
    /// The `exclude` globs as written (for `--show-settings`).
    pub exclude_globs: Vec<String>,
}

impl Settings {
    /// The severity a rule reports with, or `None` when it is off.
    pub fn severity(&self, rule: &Rule) -> Option<Severity> {
        match self.levels.get(rule.name) {
            Some(Level::Off) => None,
            Some(Level::On(s)) => Some(*s),
            None => rule.default_severity,
        }
    }

    /// The level the user set for `rule`, if any.
    pub fn configured(&self, rule: &Rule) -> Option<Level> {
        self.levels.get(rule.name).copied()
    }

    pub fn is_excluded(&self, path: &Path) -> bool {
        let Some(set) = &self.exclude else {
            return false;
        };
        let relative = match &self.root {
            Some(root) => path.strip_prefix(root).unwrap_or(path),
            None => path,
        };
        set.is_match(relative) || set.is_match(path)
    }

    /// Sets rule levels from `(name, level)` pairs (an editor's settings); unknown names are errors.
    pub fn apply_levels<'a>(
        &mut self,
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<(), ConfigError> {
        for (name, level) in pairs {
            let rule =
                rules::by_name(name).ok_or_else(|| ConfigError::UnknownRule(name.to_string()))?;
            let level = Level::parse(level).ok_or_else(|| ConfigError::BadLevel {
                rule: name.to_string(),
                level: level.to_string(),
            })?;
            self.levels.insert(rule.name, level);
        }
        Ok(())
    }
}

#[derive(Debug)]
pub enum ConfigError {
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
    /// Not valid TOML or JSON, or keys statuslint does not know.
    Toml {
        path: PathBuf,
        message: String,
    },
    UnknownRule(String),
    BadLevel {
        rule: String,
        level: String,
    },
    BadGlob {
        glob: String,
        message: String,
    },
    /// The nearest entry named `statuslint.toml` is not a readable file; `problem` says why
    /// ("is a folder, not a file").
    NotAFile {
        path: PathBuf,
        problem: String,
    },
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ConfigError::Io { path, error } => write!(f, "cannot read {}: {error}", path.display()),
            ConfigError::Toml { path, message } => {
                write!(f, "invalid {}: {}", path.display(), message.trim_end())
            }
            ConfigError::UnknownRule(name) => match rules::closest(name) {
                Some(near) => write!(f, "unknown rule `{name}`; did you mean `{near}`?"),
                None => write!(
                    f,
                    "unknown rule `{name}` (run `statuslint rule --all` for the list)"
                ),
            },
            ConfigError::BadLevel { rule, level } => write!(
                f,
                "rule `{rule}`: unknown level `{level}` (use error, warning, info, hint or off)"
            ),
            ConfigError::BadGlob { glob, message } => {
                write!(f, "invalid exclude glob `{glob}`: {message}")
            }
            ConfigError::NotAFile { path, problem } => write!(f, "{} {problem}", path.display()),
        }
    }
}

impl std::error::Error for ConfigError {}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    #[serde(default)]
    rules: HashMap<String, String>,
    #[serde(default)]
    allowed_status_codes: Vec<u16>,
    #[serde(default)]
    exclude: Vec<String>,
}

/// `[tool.statuslint]` of a `pyproject.toml`; the rest of the file is not statuslint's.
#[derive(Deserialize)]
struct PyProject {
    tool: Option<PyProjectTools>,
}

#[derive(Deserialize)]
struct PyProjectTools {
    statuslint: Option<RawConfig>,
}

/// The settings of a `package.json`'s `"statuslint"` key; the rest is npm's.
#[derive(Deserialize)]
struct PackageJson {
    statuslint: Option<RawConfig>,
}

/// The statuslint settings in the text of the config file `path`, by its name: a whole
/// `statuslint.toml`, `[tool.statuslint]` of a `pyproject.toml`, the `"statuslint"` key of a
/// `package.json` (`None` when that file has no statuslint section).
fn raw_config(text: &str, path: &Path) -> Result<Option<RawConfig>, ConfigError> {
    let invalid = |message: String| ConfigError::Toml {
        path: path.to_path_buf(),
        message,
    };
    match path.file_name().and_then(|n| n.to_str()) {
        Some(PYPROJECT) => toml::from_str::<PyProject>(text)
            .map(|p| p.tool.and_then(|t| t.statuslint))
            .map_err(|e| invalid(e.to_string())),
        Some(PACKAGE_JSON) => serde_json::from_str::<PackageJson>(text)
            .map(|p| p.statuslint)
            .map_err(|e| invalid(e.to_string())),
        _ => toml::from_str::<RawConfig>(text)
            .map(Some)
            .map_err(|e| invalid(e.to_string())),
    }
}

/// Parses the text of a config file (`statuslint.toml`, `pyproject.toml` or `package.json`, by the
/// name of `path`); its folder is the root of the `exclude` globs. A `pyproject.toml` or
/// `package.json` without a statuslint section gives the defaults.
pub fn parse(text: &str, path: &Path) -> Result<Settings, ConfigError> {
    let raw = raw_config(text, path)?.unwrap_or_default();
    let mut settings = Settings {
        allowed_status_codes: raw.allowed_status_codes,
        root: path.parent().map(Path::to_path_buf),
        exclude_globs: raw.exclude.clone(),
        ..Settings::default()
    };
    settings.apply_levels(raw.rules.iter().map(|(k, v)| (k.as_str(), v.as_str())))?;
    if !raw.exclude.is_empty() {
        let mut builder = GlobSetBuilder::new();
        for glob in &raw.exclude {
            let parsed = Glob::new(glob).map_err(|e| ConfigError::BadGlob {
                glob: glob.clone(),
                message: e.to_string(),
            })?;
            builder.add(parsed);
        }
        settings.exclude = Some(builder.build().map_err(|e| ConfigError::BadGlob {
            glob: raw.exclude.join(", "),
            message: e.to_string(),
        })?);
    }
    Ok(settings)
}

/// The nearest config file in `start` or one of its ancestors (see `in_dir`).
pub fn find(start: &Path) -> Option<PathBuf> {
    start.ancestors().find_map(in_dir)
}

/// The config file of the folder `dir` itself, if it has one: its `statuslint.toml` (any entry of
/// that name, whatever it is: a folder or a broken link of that name is reported by `read`, not
/// passed over silently, since the user meant it to configure these files), else its
/// `pyproject.toml` if that has a `[tool.statuslint]` table, else its `package.json` if that has
/// a `"statuslint"` key. A `pyproject.toml` or `package.json` that cannot be read or parsed but
/// names statuslint is returned too, so that `read`/`parse` report it.
pub fn in_dir(dir: &Path) -> Option<PathBuf> {
    let own = dir.join(FILE_NAME);
    if own.symlink_metadata().is_ok() {
        return Some(own);
    }
    [PYPROJECT, PACKAGE_JSON]
        .into_iter()
        .map(|name| dir.join(name))
        .find(|path| has_section(path))
}

/// Whether the `pyproject.toml` or `package.json` at `path` holds statuslint settings. Only files
/// that mention them are parsed (most do not); one that mentions them but does not parse counts, so
/// the error is shown rather than the settings silently dropped.
fn has_section(path: &Path) -> bool {
    if !path.is_file() {
        return false;
    }
    let Ok(text) = std::fs::read_to_string(path) else {
        return false;
    };
    let pyproject = path.file_name().is_some_and(|n| n == PYPROJECT);
    let mentioned = if pyproject {
        text.contains("tool.statuslint") || text.contains("[tool]") && text.contains("statuslint")
    } else {
        text.contains("\"statuslint\"")
    };
    mentioned && raw_config(&text, path).map_or(true, |raw| raw.is_some())
}

/// Symbolic links followed before a chain counts as a loop (Linux's own limit).
const MAX_LINKS: usize = 40;

/// Reads a config file found by `find`; when it is not a readable file, the error says what it is.
pub fn read(path: &Path) -> Result<String, ConfigError> {
    let not_a_file = |problem: String| ConfigError::NotAFile {
        path: path.to_path_buf(),
        problem,
    };
    // Follow the links ourselves, to tell a dangling link from a loop.
    let mut current = path.to_path_buf();
    for _ in 0..=MAX_LINKS {
        let Ok(meta) = current.symlink_metadata() else {
            return Err(not_a_file(if current == path {
                "does not exist".to_string()
            } else {
                format!(
                    "is a symbolic link to {}, which does not exist",
                    current.display()
                )
            }));
        };
        if !meta.file_type().is_symlink() {
            if meta.is_dir() {
                return Err(not_a_file("is a folder, not a file".to_string()));
            }
            if !meta.is_file() {
                // A FIFO or a device: reading it could block or never end.
                return Err(not_a_file("is not a regular file".to_string()));
            }
            return std::fs::read_to_string(path).map_err(|error| ConfigError::Io {
                path: path.to_path_buf(),
                error,
            });
        }
        let target = std::fs::read_link(&current).map_err(|error| ConfigError::Io {
            path: path.to_path_buf(),
            error,
        })?;
        current = match current.parent() {
            Some(dir) => dir.join(target),
            None => target,
        };
    }
    Err(not_a_file("is a symbolic link loop".to_string()))
}

/// Reads the settings that apply to files under `start`; defaults when there is no config file.
pub fn load_for(start: &Path) -> Result<(Settings, Option<PathBuf>), ConfigError> {
    let Some(path) = find(start) else {
        return Ok((Settings::default(), None));
    };
    let text = read(&path)?;
    Ok((parse(&text, &path)?, Some(path)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_levels_codes_and_globs() {
        let s = parse(
            "allowed-status-codes = [499]\nexclude = [\"gen/**\"]\n[rules]\nmissing-allow = \"off\"\nmissing-retry-after = \"warning\"\n",
            Path::new("/p/statuslint.toml"),
        )
        .unwrap();
        assert_eq!(s.severity(rules::by_name("missing-allow").unwrap()), None);
        assert_eq!(
            s.severity(rules::by_name("missing-retry-after").unwrap()),
            Some(Severity::Warning)
        );
        assert_eq!(s.allowed_status_codes, vec![499]);
        assert!(s.is_excluded(Path::new("/p/gen/a.rs")));
        assert!(!s.is_excluded(Path::new("/p/src/a.rs")));
    }

    #[test]
    fn bad_configs_are_clear_errors() {
        let p = Path::new("statuslint.toml");
        let e = parse("[rules]\nno-such-rule = \"off\"\n", p).unwrap_err();
        assert!(e.to_string().contains("unknown rule `no-such-rule`"), "{e}");
        let e = parse("[rules]\nmissing-locaton = \"off\"\n", p).unwrap_err();
        assert!(
            e.to_string()
                .contains("unknown rule `missing-locaton`; did you mean `missing-location`?"),
            "{e}"
        );
        let e = parse("[rules]\nmissing-allow = \"loud\"\n", p).unwrap_err();
        assert!(e.to_string().contains("unknown level `loud`"), "{e}");
        let e = parse("rules = [", p).unwrap_err();
        assert!(e.to_string().starts_with("invalid statuslint.toml"), "{e}");
        let e = parse("colour = 1", p).unwrap_err();
        assert!(e.to_string().contains("colour"), "{e}");
    }

    #[test]
    fn pyproject_and_package_json_sections_parse_like_statuslint_toml() {
        let py = parse(
            "[project]\nname = \"x\"\n[tool.black]\nline-length = 99\n[tool.statuslint]\nallowed-status-codes = [499]\nexclude = [\"gen/**\"]\n[tool.statuslint.rules]\nmissing-allow = \"off\"\n",
            Path::new("/p/pyproject.toml"),
        )
        .unwrap();
        assert_eq!(py.allowed_status_codes, vec![499]);
        assert_eq!(py.severity(rules::by_name("missing-allow").unwrap()), None);
        assert!(py.is_excluded(Path::new("/p/gen/a.ts")));
        let js = parse(
            r#"{ "name": "x", "scripts": {}, "statuslint": { "exclude": ["dist/**"], "rules": { "missing-retry-after": "warning" } } }"#,
            Path::new("/w/package.json"),
        )
        .unwrap();
        assert_eq!(
            js.severity(rules::by_name("missing-retry-after").unwrap()),
            Some(Severity::Warning)
        );
        assert!(js.is_excluded(Path::new("/w/dist/a.js")));
        assert_eq!(js.exclude_globs, vec!["dist/**".to_string()]);
        // The same validation and messages as statuslint.toml.
        let e = parse(
            "[tool.statuslint.rules]\nmissing-locaton = \"off\"\n",
            Path::new("pyproject.toml"),
        )
        .unwrap_err();
        assert!(
            e.to_string().contains("did you mean `missing-location`?"),
            "{e}"
        );
        let e = parse(
            r#"{ "statuslint": { "colour": 1 } }"#,
            Path::new("package.json"),
        )
        .unwrap_err();
        assert!(
            e.to_string()
                .starts_with("invalid package.json: unknown field `colour`"),
            "{e}"
        );
        let e = parse(
            "[tool.statuslint]\nrules = 1\n",
            Path::new("pyproject.toml"),
        )
        .unwrap_err();
        assert!(e.to_string().contains("invalid type"), "{e}");
    }

    #[test]
    fn the_nearest_folder_with_settings_wins_and_statuslint_toml_first_within_one() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let put = |rel: &str, text: &str| {
            let path = root.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        put("statuslint.toml", "");
        // No statuslint section: passed over, as ruff passes over a pyproject.toml without [tool.ruff].
        put("a/pyproject.toml", "[project]\nname = \"a\"\n");
        put(
            "a/package.json",
            r#"{ "devDependencies": { "statuslint": "0.1.0" } }"#,
        );
        put("b/pyproject.toml", "[tool.statuslint]\n");
        put("b/package.json", r#"{ "statuslint": {} }"#);
        put("c/package.json", r#"{ "statuslint": {} }"#);
        put("d/statuslint.toml", "");
        put("d/pyproject.toml", "[tool.statuslint]\n");
        put("d/package.json", r#"{ "statuslint": {} }"#);
        // Broken, but it names statuslint: found, so that reading it reports the error.
        put("e/package.json", r#"{ "statuslint": { "#);
        put("f/pyproject.toml", "[tool.statuslint\n");
        for (folder, expected) in [
            ("a/src", "statuslint.toml"),
            ("b/src", "b/pyproject.toml"),
            ("c/src/deep", "c/package.json"),
            ("d", "d/statuslint.toml"),
            ("e", "e/package.json"),
            ("f", "f/pyproject.toml"),
        ] {
            let start = root.join(folder);
            std::fs::create_dir_all(&start).unwrap();
            assert_eq!(find(&start), Some(root.join(expected)), "{folder}");
        }
        assert!(load_for(&root.join("e")).is_err());
        assert!(load_for(&root.join("f")).is_err());
        let (settings, path) = load_for(&root.join("a/src")).unwrap();
        assert_eq!(path, Some(root.join("statuslint.toml")));
        assert!(settings.levels.is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn a_config_that_is_not_a_file_is_an_error_saying_what_it_is() {
        let dir = tempfile::tempdir().unwrap();
        let case = |name: &str| {
            let folder = dir.path().join(name);
            std::fs::create_dir_all(&folder).unwrap();
            folder
        };
        let folder = case("folder");
        std::fs::create_dir(folder.join(FILE_NAME)).unwrap();
        let dangling = case("dangling");
        std::os::unix::fs::symlink("missing.toml", dangling.join(FILE_NAME)).unwrap();
        let looped = case("loop");
        std::os::unix::fs::symlink("other.toml", looped.join(FILE_NAME)).unwrap();
        std::os::unix::fs::symlink(FILE_NAME, looped.join("other.toml")).unwrap();
        let linked = case("linked");
        std::fs::write(linked.join("real.toml"), "allowed-status-codes = [499]\n").unwrap();
        std::os::unix::fs::symlink("real.toml", linked.join(FILE_NAME)).unwrap();
        let inner = folder.join("src");
        std::fs::create_dir(&inner).unwrap();

        let error = |dir: &Path| load_for(dir).err().map(|e| e.to_string());
        let shown = |dir: &Path| dir.join(FILE_NAME).display().to_string();
        assert_eq!(
            error(&inner),
            Some(format!("{} is a folder, not a file", shown(&folder)))
        );
        assert_eq!(
            error(&dangling),
            Some(format!(
                "{} is a symbolic link to {}, which does not exist",
                shown(&dangling),
                dangling.join("missing.toml").display()
            ))
        );
        assert_eq!(
            error(&looped),
            Some(format!("{} is a symbolic link loop", shown(&looped)))
        );
        let (settings, found) = load_for(&linked).unwrap();
        assert_eq!(settings.allowed_status_codes, vec![499]);
        assert_eq!(found, Some(linked.join(FILE_NAME)));
    }
}
