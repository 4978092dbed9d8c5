//! Go modules: the folder holding `go.mod` is the index's crate, and a package is a folder in it
//! (every file of one folder shares one module path, so a helper of a sibling file resolves by its
//! bare name). An import path is the `module` line of `go.mod` followed by the package's folder:
//! `import "example.com/app/internal/web"` stands for the folder `internal/web`, through the
//! module's one path alias (`index::ALIASED`). Other modules (the standard library, dependencies,
//! `replace` targets) resolve to nothing.

use std::path::Path;
use std::sync::Arc;

use crate::extract::Module;
use crate::index::{AliasCache, Aliases};

static ALIASES: AliasCache = AliasCache::new();

/// Forgets the module paths read so far (a `go.mod` changed).
pub(crate) fn forget() {
    ALIASES.clear();
}

/// A file's package in the module rooted at `root`: its folder under the root.
pub(crate) fn module_of(root: &Path, path: &Path) -> Option<Module> {
    let relative = path.strip_prefix(root).ok()?;
    let module = relative
        .parent()
        .into_iter()
        .flat_map(|p| p.iter())
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    Some(Module {
        krate: root.to_path_buf(),
        module,
        crates: Arc::new(Vec::new()),
        aliases: aliases(root),
        flat: false,
        // Every file of a folder is its package: the module path is already the folder's.
        folder: false,
    })
}

/// A folder with its own `go.mod` is a module of its own (a nested module, a tool's module).
pub(crate) fn nested(dir: &Path, _root: &Path) -> bool {
    dir.join("go.mod").is_file()
}

/// The module's import path as the one alias of its root folder (none when `go.mod` names none).
fn aliases(root: &Path) -> Arc<Aliases> {
    ALIASES.get(root, || {
        let text = std::fs::read_to_string(root.join("go.mod")).unwrap_or_default();
        let prefixes = module_path(&text)
            .map(|m| vec![(segments(m), Vec::new())])
            .unwrap_or_default();
        Aliases::new(prefixes, None)
    })
}

/// The `module` line's path (quoted or not, with a comment after it or not).
pub(crate) fn module_path(go_mod: &str) -> Option<&str> {
    go_mod.lines().find_map(|line| {
        let rest = line.trim().strip_prefix("module")?;
        if !rest.starts_with([' ', '\t', '"']) {
            return None;
        }
        let rest = rest.split("//").next()?.trim();
        let path = rest.trim_matches(|c| c == '"' || c == '`');
        (!path.is_empty() && !path.contains(char::is_whitespace)).then_some(path)
    })
}

/// An import path's segments (`example.com/app/web` -> `["example.com", "app", "web"]`).
pub(crate) fn segments(path: &str) -> Vec<String> {
    path.split('/')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_lines() {
        assert_eq!(
            module_path("module example.com/app\n\ngo 1.22\n"),
            Some("example.com/app")
        );
        assert_eq!(
            module_path("// c\nmodule \"example.com/x\" // why\n"),
            Some("example.com/x")
        );
        assert_eq!(module_path("modules x\n"), None);
        assert_eq!(module_path("go 1.22\n"), None);
    }

    #[test]
    fn files_of_one_folder_are_one_package() {
        let root = Path::new("/m");
        let a = module_of(root, Path::new("/m/internal/web/a.go")).unwrap();
        let b = module_of(root, Path::new("/m/internal/web/b.go")).unwrap();
        assert_eq!(a.module, ["internal", "web"]);
        assert_eq!(a.module, b.module);
        assert!(module_of(root, Path::new("/m/main.go"))
            .unwrap()
            .module
            .is_empty());
    }
}
