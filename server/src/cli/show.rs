//! `statuslint check --show-settings FILE`: which config file configures FILE, and what it sets.

use std::fmt::Write as _;
use std::io::Write;
use std::path::Path;

use super::style::Style;
use super::walk::{relative_to, ConfigCache};
use super::{EXIT_CLEAN, EXIT_ERROR};
use crate::config::{self, Level};
use crate::rules;

pub(crate) fn run(file: &Path, cwd: &Path, err: &Style) -> u8 {
    let absolute = cwd.join(file);
    // A folder is configured like the files in it.
    let dir = if absolute.is_dir() {
        absolute.as_path()
    } else {
        absolute.parent().unwrap_or(cwd)
    };
    let cache = ConfigCache::new(cwd.to_path_buf());
    let source = cache.nearest(dir);
    let settings = match cache.for_dir(dir) {
        Ok(settings) => settings,
        Err(failure) => {
            err.error(&failure.message);
            return EXIT_ERROR;
        }
    };
    let mut text = format!("Settings for {}\n", file.display());
    let _ = match &source {
        Some(path) => writeln!(
            text,
            "  configured by: {}",
            config::describe(&relative_to(path, cwd))
        ),
        None => writeln!(
            text,
            "  configured by: nothing (no statuslint.toml, pyproject.toml with [tool.statuslint] or \
             package.json with a \"statuslint\" key in its folder or above): the defaults"
        ),
    };
    if !settings.exclude_globs.is_empty() {
        let root = settings
            .root
            .as_deref()
            .map(|r| relative_to(r, cwd).display().to_string())
            .unwrap_or_default();
        let _ = writeln!(
            text,
            "  exclude: {} (relative to {})",
            settings.exclude_globs.join(", "),
            if root.is_empty() { "." } else { &root }
        );
        let _ = writeln!(
            text,
            "  excluded: {}",
            if settings.is_excluded(&absolute) {
                "yes"
            } else {
                "no"
            }
        );
    }
    if !settings.allowed_status_codes.is_empty() {
        let codes: Vec<String> = settings
            .allowed_status_codes
            .iter()
            .map(u16::to_string)
            .collect();
        let _ = writeln!(text, "  allowed-status-codes: {}", codes.join(", "));
    }
    let _ = writeln!(text, "  rules (* set by the config file):");
    let width = rules::ALL.iter().map(|r| r.name.len()).max().unwrap_or(0);
    for rule in rules::ALL {
        let level = settings.severity(rule).map_or("off", |s| s.as_str());
        let set = match settings.configured(rule) {
            Some(Level::Off | Level::On(_)) => " *",
            None => "",
        };
        let _ = writeln!(text, "    {:width$}  {level}{set}", rule.name);
    }
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
    EXIT_CLEAN
}
