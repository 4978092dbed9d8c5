//! Python packages: where a file sits for the index, and what its imports name.
//!
//! A package root is the folder of the nearest `pyproject.toml`, else the folder above the
//! topmost chain of folders holding an `__init__.py` (a `setup.py` or `setup.cfg` project sits
//! there too). A file's module path is its dotted import path: from the topmost `__init__.py`
//! folder above it (`app/core/deps.py` -> `app.core.deps`), or, in a folder without one (a
//! namespace package), its path under the root (a leading `src/` left out). `__init__.py` is the
//! module `a.b.__init__`, which also stands for the package `a.b` (`Module::folder`), so a
//! relative import is `super` once per dot from either kind of file.
//!
//! Imports become index paths: `from .x import f` -> `super::x::f`, `from ..core import z` ->
//! `super::super::core::z`, `from app.core.deps import f` / `import app.core.deps as d` ->
//! `crate::app::core::deps::..`, `from .x import *` a glob. A name from outside the package
//! resolves to nothing.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use crate::extract::Module;
use crate::index::{Aliases, Import};

/// The marker of a regular package's folder.
const INIT: &str = "__init__.py";

/// How deep a chain of package folders is followed.
const MAX_DEPTH: usize = 64;

/// Folder -> the module path of the folder (empty: not in a package folder), read once.
fn cache() -> &'static Mutex<HashMap<PathBuf, Option<Vec<String>>>> {
    static CACHE: OnceLock<Mutex<HashMap<PathBuf, Option<Vec<String>>>>> = OnceLock::new();
    CACHE.get_or_init(Default::default)
}

/// Forgets the package folders read so far.
pub(crate) fn forget() {
    cache().lock().unwrap_or_else(|e| e.into_inner()).clear();
}

/// The dotted path of the package folder `dir` (`["app", "core"]`), `None` when `dir` holds no
/// `__init__.py`.
fn package_path(dir: &Path) -> Option<Vec<String>> {
    if let Some(known) = cache().lock().unwrap_or_else(|e| e.into_inner()).get(dir) {
        return known.clone();
    }
    let mut parts = Vec::new();
    let mut current = dir;
    for _ in 0..MAX_DEPTH {
        if !current.join(INIT).is_file() {
            break;
        }
        let Some(name) = current.file_name().and_then(|n| n.to_str()) else {
            break;
        };
        parts.push(name.to_string());
        let Some(parent) = current.parent() else {
            break;
        };
        current = parent;
    }
    parts.reverse();
    let found = (!parts.is_empty()).then_some(parts);
    cache()
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(dir.to_path_buf(), found.clone());
    found
}

/// Without a `pyproject.toml` above: the folder above the topmost package folder holding `dir`.
pub(crate) fn root_without_manifest(dir: &Path) -> Option<PathBuf> {
    let depth = package_path(dir)?.len();
    let mut root = dir;
    for _ in 0..depth {
        root = root.parent()?;
    }
    Some(root.to_path_buf())
}

/// A file's module path in the package rooted at `root` (see the module's documentation).
pub(crate) fn module_of(root: &Path, path: &Path) -> Option<Module> {
    let dir = path.parent()?;
    let stem = path.file_stem()?.to_str()?;
    let mut module = match package_path(dir) {
        Some(parts) => parts,
        None => {
            let relative = dir.strip_prefix(root).ok()?;
            let mut parts: Vec<String> = relative
                .iter()
                .map(|p| p.to_string_lossy().into_owned())
                .collect();
            if parts.first().is_some_and(|p| p == "src") {
                parts.remove(0);
            }
            parts
        }
    };
    module.push(stem.to_string());
    Some(Module {
        krate: root.to_path_buf(),
        module,
        crates: Arc::new(Vec::new()),
        aliases: Arc::new(Aliases::default()),
        flat: false,
        folder: stem == "__init__",
    })
}

/// The index path of a module an import names: `dots` leading dots (a relative import) then the
/// dotted `module` (may be empty after dots).
fn module_path(dots: usize, module: &str) -> Option<Vec<String>> {
    let mut out: Vec<String> = if dots == 0 {
        vec!["crate".to_string()]
    } else {
        vec!["super".to_string(); dots]
    };
    for part in module.split('.').filter(|p| !p.is_empty()) {
        if !part.chars().all(|c| c.is_alphanumeric() || c == '_') {
            return None;
        }
        out.push(part.to_string());
    }
    (out.len() > 1 || dots > 0).then_some(out)
}

/// `from <dots><module> import <names>`: each `(name, alias)`, or `*`.
pub(super) fn from_import(
    dots: usize,
    module: &str,
    names: &[(&str, Option<&str>)],
    at: usize,
    out: &mut Vec<Import>,
) {
    let Some(base) = module_path(dots, module) else {
        return;
    };
    for (name, alias) in names {
        if *name == "*" {
            out.push(Import {
                module: Vec::new(),
                alias: String::new(),
                path: base.clone(),
                glob: true,
                at,
            });
            continue;
        }
        let mut path = base.clone();
        path.push(name.to_string());
        out.push(Import {
            module: Vec::new(),
            alias: alias.unwrap_or(name).to_string(),
            path,
            glob: false,
            at,
        });
    }
}

/// `import a.b.c as d` (`d` stands for `a.b.c`) or `import a.b.c` (`a` stands for `a`).
pub(super) fn plain_import(dotted: &str, alias: Option<&str>, at: usize, out: &mut Vec<Import>) {
    let (path, alias) = match alias {
        Some(alias) => (module_path(0, dotted), alias),
        None => {
            let first = dotted.split('.').next().unwrap_or(dotted);
            (module_path(0, first), first)
        }
    };
    if let Some(path) = path {
        out.push(Import {
            module: Vec::new(),
            alias: alias.to_string(),
            path,
            glob: false,
            at,
        });
    }
}

/// The imports of a file read as text (its parse was skipped): top-level `from .. import ..` and
/// `import ..` statements, a parenthesized list over several lines included. Good enough for
/// the index of a file that builds no response (an `__init__.py` re-exporting its modules).
pub(super) fn text_imports(text: &str) -> Vec<Import> {
    let mut out = Vec::new();
    let mut offset = 0;
    let mut lines = text.split_inclusive('\n');
    while let Some(line) = lines.next() {
        let at = offset;
        offset += line.len();
        let mut statement = line.trim_end().to_string();
        if !(statement.starts_with("from ") || statement.starts_with("import ")) {
            continue;
        }
        // A parenthesized list continues to its `)` (bounded: a broken file ends it).
        if statement.contains('(') {
            let mut taken = 0;
            while !statement.contains(')') && taken < 1_000 {
                let Some(next) = lines.next() else {
                    break;
                };
                offset += next.len();
                taken += 1;
                statement.push(' ');
                statement.push_str(next.trim());
            }
        }
        let statement = statement
            .split('#')
            .next()
            .unwrap_or("")
            .replace(['(', ')'], " ");
        if let Some(rest) = statement.strip_prefix("from ") {
            let Some((module, names)) = rest.split_once(" import ") else {
                continue;
            };
            let module = module.trim();
            let dots = module.len() - module.trim_start_matches('.').len();
            let names: Vec<(&str, Option<&str>)> = names
                .split(',')
                .filter_map(|n| name_and_alias(n.trim()))
                .collect();
            from_import(dots, &module[dots..], &names, at, &mut out);
        } else if let Some(rest) = statement.strip_prefix("import ") {
            for part in rest.split(',') {
                if let Some((dotted, alias)) = name_and_alias(part.trim()) {
                    plain_import(dotted, alias, at, &mut out);
                }
            }
        }
    }
    out
}

/// `name` or `name as alias`.
fn name_and_alias(part: &str) -> Option<(&str, Option<&str>)> {
    let mut words = part.split_whitespace();
    let name = words.next()?;
    match (words.next(), words.next(), words.next()) {
        (None, _, _) => Some((name, None)),
        (Some("as"), Some(alias), None) => Some((name, Some(alias))),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(imports: &[Import]) -> Vec<String> {
        imports
            .iter()
            .map(|i| {
                let alias = if i.glob { "*" } else { i.alias.as_str() };
                format!("{alias}={}", i.path.join("::"))
            })
            .collect()
    }

    #[test]
    fn module_paths_follow_init_files_and_roots() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        for file in [
            "app/__init__.py",
            "app/core/__init__.py",
            "app/core/deps.py",
            "scripts/tool.py",
            "src/pkg/mod.py",
        ] {
            let path = root.join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, "").unwrap();
        }
        let module = |f: &str| {
            let m = module_of(root, &root.join(f)).expect("a module");
            (m.module.join("."), m.folder)
        };
        assert_eq!(module("app/core/deps.py"), ("app.core.deps".into(), false));
        assert_eq!(
            module("app/core/__init__.py"),
            ("app.core.__init__".into(), true)
        );
        assert_eq!(module("scripts/tool.py"), ("scripts.tool".into(), false));
        assert_eq!(module("src/pkg/mod.py"), ("pkg.mod".into(), false));
        assert_eq!(
            root_without_manifest(&root.join("app/core")),
            Some(root.to_path_buf())
        );
        assert_eq!(root_without_manifest(&root.join("scripts")), None);
    }

    #[test]
    fn imports_read_as_text_become_index_paths() {
        let text = "\"\"\"doc\"\"\"\nfrom .deps import get_user, check as c\nfrom ..core import (\n    a,\n    b,  # why\n)\nfrom . import *\nimport app.core.deps as d\nimport os.path\n    from x import y\nfrom fastapi import Depends\n";
        assert_eq!(
            paths(&text_imports(text)),
            [
                "get_user=super::deps::get_user",
                "c=super::deps::check",
                "a=super::super::core::a",
                "b=super::super::core::b",
                "*=super",
                "d=crate::app::core::deps",
                "os=crate::os",
                "Depends=crate::fastapi::Depends",
            ]
        );
    }
}
