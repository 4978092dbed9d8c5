//! Editor settings (`initializationOptions`, `workspace/didChangeConfiguration`) layered over the
//! `statuslint.toml` that applies to each document's folder.
//!
//! ```json
//! { "rules": { "missing-allow": "off", "missing-retry-after": "warning" },
//!   "allowedStatusCodes": [499], "workspaceDiagnostics": false }
//! ```
//! `workspaceDiagnostics` (off by default) makes the server push diagnostics for the workspace's
//! files that are not open, to clients that do not pull them (`workspace/diagnostic`).
//! The same object nested under a `"statuslint"` key (as VS Code sends its settings) is accepted too.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use serde_json::Value;

use crate::config::{self, Level, Settings};
use crate::rules;

/// Rule levels and extra codes set by the editor; they win over `statuslint.toml`.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct ClientSettings {
    pub levels: Vec<(&'static str, Level)>,
    pub allowed_status_codes: Vec<u16>,
    /// Push diagnostics of files that are not open (push clients only; pull clients ask for them).
    pub workspace_diagnostics: bool,
}

impl ClientSettings {
    /// Reads editor settings; entries that make no sense are skipped and described in the warnings.
    pub fn parse(value: &Value) -> (ClientSettings, Vec<String>) {
        let mut out = ClientSettings::default();
        let mut warnings = Vec::new();
        let value = match value.get("statuslint") {
            Some(nested) if nested.is_object() => nested,
            _ => value,
        };
        // Lua clients (Neovim) send an empty table as `[]`.
        if value.is_null() || value.as_array().is_some_and(Vec::is_empty) {
            return (out, warnings);
        }
        let Some(object) = value.as_object() else {
            warnings.push(format!(
                "statuslint settings: expected an object, got `{value}`"
            ));
            return (out, warnings);
        };
        match object.get("rules") {
            None | Some(Value::Null) => {}
            Some(Value::Array(empty)) if empty.is_empty() => {}
            Some(Value::Object(rules_map)) => {
                for (name, level) in rules_map {
                    let Some(rule) = rules::by_name(name) else {
                        warnings.push(format!("statuslint settings: unknown rule `{name}`"));
                        continue;
                    };
                    match level.as_str().and_then(Level::parse) {
                        Some(level) => out.levels.push((rule.name, level)),
                        None => warnings.push(format!(
                            "statuslint settings: rule `{name}`: unknown level `{level}` (use error, warning, info, hint or off)"
                        )),
                    }
                }
            }
            Some(other) => warnings.push(format!(
                "statuslint settings: `rules` must be an object of rule names to levels, got `{other}`"
            )),
        }
        let codes = object
            .get("allowedStatusCodes")
            .or_else(|| object.get("allowed-status-codes"));
        if let Some(codes) = codes {
            match codes.as_array() {
                Some(list) => {
                    for code in list {
                        match code.as_u64().and_then(|c| u16::try_from(c).ok()) {
                            Some(c) => out.allowed_status_codes.push(c),
                            None => warnings.push(format!(
                                "statuslint settings: `{code}` is not a status code"
                            )),
                        }
                    }
                }
                None => warnings.push(
                    "statuslint settings: `allowedStatusCodes` must be a list of numbers".into(),
                ),
            }
        }
        match object
            .get("workspaceDiagnostics")
            .or_else(|| object.get("workspace-diagnostics"))
        {
            None | Some(Value::Null) => {}
            Some(Value::Bool(on)) => out.workspace_diagnostics = *on,
            Some(other) => warnings.push(format!(
                "statuslint settings: `workspaceDiagnostics` must be true or false, got `{other}`"
            )),
        }
        (out, warnings)
    }

    fn apply(&self, settings: &mut Settings) {
        for (name, level) in &self.levels {
            settings.levels.insert(name, *level);
        }
        settings
            .allowed_status_codes
            .extend(self.allowed_status_codes.iter().copied());
    }
}

/// The effective settings of a folder, and why the config file was ignored if it was.
#[derive(Clone)]
pub(crate) struct Resolved {
    pub settings: Arc<Settings>,
    pub warning: Option<String>,
}

/// Effective settings per folder, cached until a config file or the editor settings change.
#[derive(Default)]
pub(crate) struct ConfigCache {
    map: Mutex<HashMap<Option<PathBuf>, Resolved>>,
}

impl ConfigCache {
    pub fn clear(&self) {
        self.lock().clear();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Option<PathBuf>, Resolved>> {
        // A panic while holding this lock leaves the map usable: it only caches.
        self.map.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The settings for a file at `path` (`None`: an unsaved buffer, defaults plus editor settings).
    pub fn resolve(&self, path: Option<&Path>, client: &ClientSettings) -> Resolved {
        let dir = path.and_then(Path::parent).map(Path::to_path_buf);
        if let Some(hit) = self.lock().get(&dir) {
            return hit.clone();
        }
        let (mut settings, warning) = match &dir {
            None => (Settings::default(), None),
            Some(dir) => match config::load_for(dir) {
                Ok((settings, _)) => (settings, None),
                Err(error) => (
                    Settings::default(),
                    Some(format!("statuslint: {error}; using the default settings")),
                ),
            },
        };
        client.apply(&mut settings);
        let resolved = Resolved {
            settings: Arc::new(settings),
            warning,
        };
        self.lock().insert(dir, resolved.clone());
        resolved
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Severity;
    use serde_json::json;

    #[test]
    fn reads_flat_and_nested_settings() {
        let flat = json!({ "rules": { "missing-allow": "off" }, "allowedStatusCodes": [499] });
        let nested = json!({ "statuslint": flat.clone() });
        for value in [flat, nested] {
            let (s, warnings) = ClientSettings::parse(&value);
            assert!(warnings.is_empty(), "{warnings:?}");
            assert_eq!(s.levels, vec![("missing-allow", Level::Off)]);
            assert_eq!(s.allowed_status_codes, vec![499]);
        }
        assert_eq!(
            ClientSettings::parse(&json!(null)).0,
            ClientSettings::default()
        );
        assert!(!ClientSettings::default().workspace_diagnostics);
        let (s, warnings) =
            ClientSettings::parse(&json!({ "statuslint": { "workspaceDiagnostics": true } }));
        assert!(
            s.workspace_diagnostics && warnings.is_empty(),
            "{warnings:?}"
        );
        let (s, warnings) = ClientSettings::parse(&json!({ "workspaceDiagnostics": "yes" }));
        assert!(!s.workspace_diagnostics);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
    }

    #[test]
    fn bad_entries_are_skipped_with_warnings() {
        let (s, warnings) = ClientSettings::parse(&json!({
            "rules": { "no-such-rule": "off", "missing-allow": "loud", "missing-location": "error" },
            "allowedStatusCodes": [70000]
        }));
        assert_eq!(
            s.levels,
            vec![("missing-location", Level::On(Severity::Error))]
        );
        assert_eq!(warnings.len(), 3, "{warnings:?}");
        assert!(warnings
            .iter()
            .any(|w| w.contains("unknown rule `no-such-rule`")));
    }

    #[test]
    fn editor_settings_win_over_the_config_file_and_a_broken_file_falls_back() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("statuslint.toml"),
            "[rules]\nmissing-allow = \"warning\"\nmissing-location = \"off\"\n",
        )
        .unwrap();
        let file = dir.path().join("a.rs");
        let client = ClientSettings {
            levels: vec![("missing-allow", Level::Off)],
            allowed_status_codes: vec![],
            workspace_diagnostics: false,
        };
        let cache = ConfigCache::default();
        let r = cache.resolve(Some(&file), &client);
        assert!(r.warning.is_none());
        assert_eq!(
            r.settings
                .severity(rules::by_name("missing-allow").unwrap()),
            None
        );
        assert_eq!(
            r.settings
                .severity(rules::by_name("missing-location").unwrap()),
            None
        );

        std::fs::write(dir.path().join("statuslint.toml"), "[rules\n").unwrap();
        // Cached until cleared.
        assert!(cache.resolve(Some(&file), &client).warning.is_none());
        cache.clear();
        let r = cache.resolve(Some(&file), &client);
        assert!(
            r.warning.as_deref().unwrap().contains("statuslint.toml"),
            "{:?}",
            r.warning
        );
        assert_eq!(
            r.settings
                .severity(rules::by_name("missing-location").unwrap()),
            rules::by_name("missing-location").unwrap().default_severity
        );
    }
}
