//! The registry: every language statuslint reads, one line each (a language may have several
//! dialects, each with its grammar). The first one reads files named without a known extension.

use super::Spec;

pub(super) static ALL: &[&[Spec]] = &[
    &super::rust::DIALECTS,
    &super::js::DIALECTS,
    &super::python::DIALECTS,
    &super::go::DIALECTS,
];

/// The files where an ecosystem keeps its tools' settings, which may hold statuslint's too (read by
/// `config`): Python's `pyproject.toml` (under `[tool.statuslint]`, as ruff's `[tool.ruff]`) and
/// JavaScript's `package.json` (under a `"statuslint"` key, as ESLint's `eslintConfig`).
pub const PYPROJECT: &str = "pyproject.toml";
pub const PACKAGE_JSON: &str = "package.json";

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    /// Code that names a language: its choice, its grammar, its module, its package files.
    const NAMES: &[&str] = &[
        "is_js(",
        "is_rust(",
        "Language::Rust",
        "Language::TypeScript",
        "Language::Tsx",
        "Language::JavaScript",
        "Language::Python",
        "tree_sitter_rust",
        "tree_sitter_typescript",
        "tree_sitter_javascript",
        "tree_sitter_python",
        "tree_sitter_go",
        "extract::rust",
        "extract::js",
        "extract::python",
        "extract::go",
        "\"Cargo.toml\"",
        "\"package.json\"",
        "\"tsconfig.json\"",
        "\"pyproject.toml\"",
        "\"go.mod\"",
        "\"node_modules\"",
        "\"rs\"",
        "\".rs\"",
        "\".min.js\"",
        "{rs,",
    ];

    fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .expect("source folder")
            .map(|e| e.expect("entry").path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                sources(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }

    /// A language is its folder under `extract/` and its line in this registry: no other file's
    /// code (comments and unit tests aside) names one.
    #[test]
    fn only_language_folders_name_a_language() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let extract = src.join("extract");
        let mut files = Vec::new();
        sources(&src, &mut files);
        let mut found = Vec::new();
        for file in &files {
            let in_language_folder = file
                .strip_prefix(&extract)
                .is_ok_and(|rest| rest.components().count() > 1);
            if in_language_folder || file == &extract.join("languages.rs") {
                continue;
            }
            let text = std::fs::read_to_string(file).expect("readable");
            // Unit tests name files (`src/a.rs`) to pick a language, as users do.
            let code = text.split("#[cfg(test)]\nmod tests").next().unwrap_or("");
            for (n, line) in code.lines().enumerate() {
                if line.trim_start().starts_with("//") {
                    continue;
                }
                for name in NAMES.iter().filter(|name| line.contains(*name)) {
                    let relative = file.strip_prefix(&src).unwrap_or(file);
                    found.push(format!("{}:{}: {name}", relative.display(), n + 1));
                }
            }
        }
        assert!(
            found.is_empty(),
            "language knowledge outside extract/<language>/ and the registry:\n{}",
            found.join("\n")
        );
    }

    /// Every folder under `extract/` is a language, listed here.
    #[test]
    fn every_language_folder_is_registered() {
        let extract = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/extract");
        let registry = std::fs::read_to_string(extract.join("languages.rs")).expect("registry");
        let start = registry.find("static ALL").expect("the registry's list");
        let line = &registry[start..start + registry[start..].find("];").expect("its end")];
        for entry in std::fs::read_dir(&extract).expect("extract/") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                assert!(
                    line.contains(&format!("super::{name}::DIALECTS")),
                    "extract/{name}/ is not in the registry"
                );
            }
        }
    }
}
