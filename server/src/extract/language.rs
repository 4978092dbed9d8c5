//! Which grammar and extractor read a file: by its extension (CLI) or the editor's language id
//! (server). Everything after parsing is language-neutral.

use std::path::Path;

use tree_sitter::{Language as Grammar, Parser};

/// A language statuslint reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Language {
    Rust,
    /// `.ts .mts .cts`: TypeScript without JSX (`<T>x` is a type assertion there).
    TypeScript,
    /// `.tsx`: TypeScript with JSX.
    Tsx,
    /// `.js .jsx .mjs .cjs`: JavaScript with JSX.
    JavaScript,
}

/// The file extensions the walk picks up, per language.
const EXTENSIONS: &[(&str, Language)] = &[
    ("rs", Language::Rust),
    ("ts", Language::TypeScript),
    ("mts", Language::TypeScript),
    ("cts", Language::TypeScript),
    ("tsx", Language::Tsx),
    ("js", Language::JavaScript),
    ("jsx", Language::JavaScript),
    ("mjs", Language::JavaScript),
    ("cjs", Language::JavaScript),
];

impl Language {
    /// The language of a file by its extension (`.d.ts` declaration files hold no code).
    pub fn from_path(path: &Path) -> Option<Language> {
        let name = path.file_name()?.to_str()?;
        if name.ends_with(".d.ts") || name.ends_with(".d.mts") || name.ends_with(".d.cts") {
            return None;
        }
        let ext = path.extension()?.to_str()?;
        EXTENSIONS
            .iter()
            .find(|(e, _)| e.eq_ignore_ascii_case(ext))
            .map(|(_, l)| *l)
    }

    /// The language of an editor document by its LSP language id.
    pub fn from_language_id(id: &str) -> Option<Language> {
        match id {
            "rust" => Some(Language::Rust),
            "typescript" => Some(Language::TypeScript),
            "typescriptreact" => Some(Language::Tsx),
            "javascript" | "javascriptreact" => Some(Language::JavaScript),
            _ => None,
        }
    }

    /// The file that marks the root of a package of this language's files: its files share one
    /// index namespace (helpers, error renderers).
    pub fn manifest(self) -> &'static str {
        if self.is_js() {
            "package.json"
        } else {
            "Cargo.toml"
        }
    }

    /// Whether this is TypeScript or JavaScript (read by `extract::js`).
    pub fn is_js(self) -> bool {
        !matches!(self, Language::Rust)
    }

    fn grammar(self) -> Grammar {
        match self {
            Language::Rust => tree_sitter_rust::LANGUAGE.into(),
            Language::TypeScript => tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into(),
            Language::Tsx => tree_sitter_typescript::LANGUAGE_TSX.into(),
            Language::JavaScript => tree_sitter_javascript::LANGUAGE.into(),
        }
    }

    /// A parser for this language. tree-sitter-rust 0.24 and tree-sitter-javascript 0.25 are ABI 15,
    /// tree-sitter-typescript 0.23 is ABI 14: the tree-sitter 0.25 runtime accepts 13 to 15.
    pub fn parser(self) -> Parser {
        let mut parser = Parser::new();
        parser
            .set_language(&self.grammar())
            .expect("the grammar matches the tree-sitter runtime's ABI");
        parser
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_grammar_loads_and_parses() {
        for (source, language) in [
            ("fn f() {}", Language::Rust),
            ("const f = (x: number): void => {};", Language::TypeScript),
            ("const f = () => <div a={1} />;", Language::Tsx),
            ("const f = () => <div a={1} />;", Language::JavaScript),
        ] {
            let tree = language.parser().parse(source, None).unwrap();
            assert!(!tree.root_node().has_error(), "{language:?}: {source}");
        }
    }

    #[test]
    fn languages_by_extension_and_id() {
        let of = |p: &str| Language::from_path(Path::new(p));
        assert_eq!(of("src/a.rs"), Some(Language::Rust));
        assert_eq!(of("app/api/route.ts"), Some(Language::TypeScript));
        assert_eq!(of("x.MTS"), Some(Language::TypeScript));
        assert_eq!(of("a/b.tsx"), Some(Language::Tsx));
        for js in ["a.js", "a.jsx", "a.mjs", "a.cjs"] {
            assert_eq!(of(js), Some(Language::JavaScript), "{js}");
        }
        assert_eq!(of("types.d.ts"), None);
        assert_eq!(of("README.md"), None);
        assert_eq!(
            Language::from_language_id("typescriptreact"),
            Some(Language::Tsx)
        );
        assert_eq!(
            Language::from_language_id("javascriptreact"),
            Some(Language::JavaScript)
        );
        assert_eq!(Language::from_language_id("python"), None);
    }
}
