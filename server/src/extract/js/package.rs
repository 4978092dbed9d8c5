//! package.json packages: every file under the root is one namespace (no crate layout), with the
//! path aliases of the root's tsconfig.json (else jsconfig.json).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::extract::Module;
use crate::index::{AliasCache, Aliases};

static ALIASES: AliasCache = AliasCache::new();

/// Forgets the path aliases read so far.
pub(crate) fn forget() {
    ALIASES.clear();
}

/// Any package.json roots a package.
pub(crate) fn roots(_manifest: &Path) -> bool {
    true
}

/// A file's module path in the flat package rooted at `root`: its path under the root without the
/// extension (`lib/auth.ts` -> `["lib", "auth"]`); the root is its crate.
pub(crate) fn module_of(root: &Path, path: &Path) -> Option<Module> {
    let (krate, module) = flat_module_of(root, path);
    Some(Module {
        krate,
        module,
        crates: Arc::new(Vec::new()),
        aliases: flat_aliases(root),
        flat: true,
        folder: false,
    })
}

/// Packages call each other by package name, which resolves to nothing.
pub(crate) fn dependencies(_root: &Path) -> Vec<PathBuf> {
    Vec::new()
}

/// A folder with a package.json is a workspace member of its own, unless the walked root is
/// another language's package (a web folder inside a Cargo package belongs to the walk of its own
/// package.json, if any).
pub(crate) fn nested(dir: &Path, root: &Path) -> bool {
    let own = super::DIALECTS[0].packages.manifest;
    let other_root = crate::extract::Language::all()
        .map(|l| l.packages.manifest)
        .any(|m| m != own && root.join(m).is_file());
    dir.join(own).is_file() && !other_root
}

/// A file of a flat package: the package's root is its crate, and its module path
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

/// Reads the path aliases of the package at `root`: `paths` patterns `a/*` (any number of segments
/// before the `*`) mapped to one folder inside the root, and `baseUrl`. An `extends`, a pattern with
/// several targets or a target outside the root is left out: what it would resolve stays unknown.
fn read_aliases(root: &Path) -> Aliases {
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
    Aliases::new(prefixes, base)
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
fn flat_aliases(root: &Path) -> Arc<Aliases> {
    ALIASES.get(root, || read_aliases(root))
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
        let aliases = read_aliases(dir.path());
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
        assert_eq!(read_aliases(empty.path()).resolve(&["lib", "x"]), None);
    }
}
