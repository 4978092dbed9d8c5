//! Which language reads a file: by its extension (CLI) or the editor's language id (server). A
//! language is a folder under `extract/` that describes itself with a `Spec` (its files, grammar,
//! prefilter, reader, packages, fix idioms) and one line in `extract/languages.rs`: nothing outside
//! `extract/<lang>/` names a language, it asks the `Language` a file has.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tree_sitter::{Language as Grammar, Parser, Tree};

use crate::index::{Aliases, IndexFacts, View};
use crate::model::{Edit, FixIntent, Response};

use super::Segments;

/// What one language (or dialect: `.ts` and `.tsx` are two grammars) gives statuslint. Plain data
/// and function pointers, so choosing a language costs one indirect call.
pub struct Spec {
    /// Its name, for messages and tests (`rust`, `typescript`).
    pub name: &'static str,
    /// The file extensions the walk picks up (compared without case).
    pub extensions: &'static [&'static str],
    /// File name endings that have one of `extensions` but hold no code (`.d.ts` declarations).
    pub no_code_suffixes: &'static [&'static str],
    /// File name endings of generated bundles: skipped by the walk unless named.
    pub bundle_suffixes: &'static [&'static str],
    /// Whether a one-line file over 100 KB is a bundle (skipped unless named).
    pub one_line_bundles: bool,
    /// The editors' language ids of its documents.
    pub language_ids: &'static [&'static str],
    /// Folders never walked (installed packages): by name, anywhere.
    pub skipped_dirs: &'static [&'static str],
    /// A build folder, skipped by the walk when it sits beside the second file (`target` beside
    /// `Cargo.toml`).
    pub build_dir: Option<(&'static str, &'static str)>,
    pub grammar: fn() -> Grammar,
    /// Whether the text may build a response at all (if not, its parse can be skipped).
    pub may_build_response: fn(&str) -> bool,
    /// Reads a parsed file into its facts per item.
    pub read: fn(&str, &Tree, Option<View<'_>>) -> Segments,
    /// What the index needs of a file whose parse the prefilter skipped (types it may define,
    /// re-exports), read as text.
    pub unparsed: fn(&str) -> Option<IndexFacts>,
    pub packages: Packages,
    pub fixes: Fixes,
}

/// How a language's files form packages: the index resolves names within one package.
pub struct Packages {
    /// The file that marks a package root.
    pub manifest: &'static str,
    /// Whether the manifest at this path roots a package (a Cargo.toml needs a `[package]`).
    pub roots: fn(&Path) -> bool,
    /// The root of the package a file in `dir` belongs to when no manifest above it roots one
    /// (a language whose packages are marked by their folders).
    pub root_without_manifest: fn(dir: &Path) -> Option<PathBuf>,
    /// Manifests whose change means the packages must be read again (the server watches them).
    pub watched: &'static [&'static str],
    /// A file's place in the package rooted at `root`; `None`: the file is a crate of its own.
    pub module_of: fn(root: &Path, path: &Path) -> Option<Module>,
    /// Package roots (canonical) that the package at `root` can call by name (Cargo `path`
    /// dependencies).
    pub dependencies: fn(root: &Path) -> Vec<PathBuf>,
    /// Whether `dir`, under the walked package root `root`, is a package of its own (its files
    /// belong to it, not to `root`).
    pub nested: fn(dir: &Path, root: &Path) -> bool,
    /// Forgets cached manifests (one changed).
    pub forget: fn(),
}

/// Where a file sits in its package, for the index.
#[derive(Debug, Clone)]
pub struct Module {
    /// The crate it belongs to (a folder, or the file itself).
    pub krate: PathBuf,
    /// Its module path in the crate.
    pub module: Vec<String>,
    /// Crate names its code can use -> their crate.
    pub crates: Arc<Vec<(String, PathBuf)>>,
    /// Path aliases (`@/lib/x`) of a flat package.
    pub aliases: Arc<Aliases>,
    /// A flat package: every file under the root is one namespace, `a/index` also stands for `a`.
    pub flat: bool,
    /// The file also stands for its folder's module (its module path without the last segment):
    /// a package's initialisation file, which defines and re-exports the package's names.
    pub folder: bool,
}

/// How fix intents are written in a language's frameworks.
pub struct Fixes {
    /// The edits for an intent on a response, or `None` when the framework cannot express it.
    pub render: fn(&FixIntent, &Response, &str) -> Option<Vec<Edit>>,
    /// A fix title other than the rule's, when the edits say more (a placeholder, an import).
    pub retitle: fn(&FixIntent, &Response, &str) -> Option<String>,
    /// Runs the callback with the scans of the text that fixes share done once.
    pub memoized: fn(&str, &mut dyn FnMut()),
}

/// A language statuslint reads: a handle on its `Spec` in the registry.
#[derive(Clone, Copy)]
pub struct Language(&'static Spec);

impl PartialEq for Language {
    fn eq(&self, other: &Language) -> bool {
        self.0.name == other.0.name
    }
}

impl Eq for Language {}

impl std::hash::Hash for Language {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.name.hash(state);
    }
}

impl PartialOrd for Language {
    fn partial_cmp(&self, other: &Language) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Language {
    fn cmp(&self, other: &Language) -> std::cmp::Ordering {
        self.0.name.cmp(other.0.name)
    }
}

impl fmt::Debug for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.name)
    }
}

/// The registry's first language reads a file named without a known extension (stdin without
/// `--stdin-filename`, a named file of another extension).
impl Default for Language {
    fn default() -> Language {
        Language::all()
            .next()
            .expect("the registry lists a language")
    }
}

impl std::ops::Deref for Language {
    type Target = Spec;
    fn deref(&self) -> &Spec {
        self.0
    }
}

impl Language {
    /// The handle of a language's own `Spec` (for its tests).
    #[cfg(test)]
    pub(crate) fn from_spec(spec: &'static Spec) -> Language {
        Language(spec)
    }

    /// Every language and dialect, in the registry's order.
    pub fn all() -> impl Iterator<Item = Language> {
        super::languages::ALL
            .iter()
            .flat_map(|dialects| dialects.iter())
            .map(Language)
    }

    /// The language of a file by its extension (`None` for files without code, like `.d.ts`).
    pub fn from_path(path: &Path) -> Option<Language> {
        let name = path.file_name()?.to_str()?;
        let ext = path.extension()?.to_str()?;
        let language =
            Language::all().find(|l| l.extensions.iter().any(|e| e.eq_ignore_ascii_case(ext)))?;
        let no_code = language.no_code_suffixes.iter().any(|s| name.ends_with(s));
        (!no_code).then_some(language)
    }

    /// The language of an editor document by its LSP language id.
    pub fn from_language_id(id: &str) -> Option<Language> {
        Language::all().find(|l| l.language_ids.contains(&id))
    }

    /// The language of a package manifest's files (a `Cargo.toml` path gives Rust).
    pub fn of_manifest(path: &Path) -> Option<Language> {
        let name = path.file_name()?.to_str()?;
        Language::all().find(|l| l.packages.manifest == name)
    }

    /// Whether the walk skips `path` (a bundle) unless it is named.
    pub fn is_bundle_name(self, path: &Path) -> bool {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        self.bundle_suffixes.iter().any(|s| name.ends_with(s))
    }

    /// Whether `text` is a bundle (one line over 100 KB) in a language that has them.
    pub fn is_bundle_text(self, text: &str) -> bool {
        self.one_line_bundles && text.len() > 100 * 1024 && !text.trim_end().contains('\n')
    }

    /// Whether the walk skips the folder `name` (in `parent`).
    pub fn skips_dir(self, parent: &Path, name: &std::ffi::OsStr) -> bool {
        self.skipped_dirs.iter().any(|d| name == *d)
            || self
                .build_dir
                .is_some_and(|(dir, beside)| name == dir && parent.join(beside).is_file())
    }

    /// Whether any language's walk skips the folder `name` in `parent`.
    pub fn any_skips_dir(parent: &Path, name: &std::ffi::OsStr) -> bool {
        Language::all().any(|l| l.skips_dir(parent, name))
    }

    /// Whether `text` may build a response at all (if not, its parse can be skipped).
    pub fn may_build_response(self, text: &str) -> bool {
        (self.0.may_build_response)(text)
    }

    /// A parser for this language. The tree-sitter 0.25 runtime accepts grammars of ABI 13 to 15.
    pub fn parser(self) -> Parser {
        let mut parser = Parser::new();
        parser
            .set_language(&(self.grammar)())
            .expect("the grammar matches the tree-sitter runtime's ABI");
        parser
    }

    /// The file that marks the root of a package of this language's files: its files share one
    /// index namespace (helpers, error renderers).
    pub fn manifest(self) -> &'static str {
        self.packages.manifest
    }

    /// Renders `intent` for `response` in its framework's idiom.
    pub fn render_fix(
        self,
        intent: &FixIntent,
        response: &Response,
        text: &str,
    ) -> Option<Vec<Edit>> {
        (self.fixes.render)(intent, response, text)
    }

    /// The fix title when the rendered edits say more than the rule's title.
    pub fn retitle_fix(
        self,
        intent: &FixIntent,
        response: &Response,
        text: &str,
    ) -> Option<String> {
        (self.fixes.retitle)(intent, response, text)
    }

    /// Runs `f` (rendering the fixes of `text`'s diagnostics) with the scans of `text` it needs
    /// done once, not once per diagnostic.
    pub fn with_text_memo<T>(self, text: &str, f: impl FnOnce() -> T) -> T {
        let mut f = Some(f);
        let mut out = None;
        (self.fixes.memoized)(text, &mut || out = f.take().map(|f| f()));
        out.expect("the memo runs its callback")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_grammar_loads() {
        for language in Language::all() {
            let tree = language.parser().parse("", None).unwrap();
            assert!(!tree.root_node().has_error(), "{language:?}");
        }
    }

    #[test]
    fn extensions_and_ids_name_one_language_each() {
        let mut extensions = std::collections::HashSet::new();
        let mut ids = std::collections::HashSet::new();
        for language in Language::all() {
            for ext in language.extensions {
                assert!(extensions.insert(ext.to_ascii_lowercase()), "{ext} twice");
                let path = format!("a.{}", ext.to_ascii_uppercase());
                assert_eq!(Language::from_path(Path::new(&path)), Some(language));
            }
            for id in language.language_ids {
                assert!(ids.insert(*id), "{id} twice");
                assert_eq!(Language::from_language_id(id), Some(language));
            }
        }
        assert_eq!(Language::from_path(Path::new("README.md")), None);
        assert_eq!(Language::from_language_id("markdown"), None);
    }
}
