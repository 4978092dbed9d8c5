//! Settings: `statuslint.toml` (found by walking up from a file) and overrides from an editor.
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

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    #[serde(default)]
    rules: HashMap<String, String>,
    #[serde(default)]
    allowed_status_codes: Vec<u16>,
    #[serde(default)]
    exclude: Vec<String>,
}

/// Parses the text of a `statuslint.toml` that lives in `root`.
pub fn parse(text: &str, path: &Path) -> Result<Settings, ConfigError> {
    let raw: RawConfig = toml::from_str(text).map_err(|e| ConfigError::Toml {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    let mut settings = Settings {
        allowed_status_codes: raw.allowed_status_codes,
        root: path.parent().map(Path::to_path_buf),
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

/// The nearest `statuslint.toml` in `start` or one of its ancestors: the nearest entry of that
/// name, whatever it is. A folder or a broken link of that name is reported by `read`, not
/// passed over silently (the user meant it to configure these files).
pub fn find(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .map(|dir| dir.join(FILE_NAME))
        .find(|candidate| candidate.symlink_metadata().is_ok())
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
