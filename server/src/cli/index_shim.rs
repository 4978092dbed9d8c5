//! TEMPORARY stand-in for `crate::index` and the `*_with` engine functions until the core lands on
//! main (same signatures as the contract); removed on merge.

use std::path::{Path, PathBuf};

use crate::config::Settings;
use crate::extract::Language;
use crate::lint::{self, Diagnostic, FixOutcome};
use crate::model::FileFacts;

#[derive(Default)]
pub struct Index {}

impl Index {
    pub fn new() -> Index {
        Index {}
    }
    pub fn update(&self, _path: &Path, _text: &str, _facts: &FileFacts) -> bool {
        false
    }
    pub fn resolves_pending(&self, _path: &Path, _facts: &FileFacts) -> bool {
        false
    }
}

#[derive(Clone, Copy)]
pub struct View<'a> {
    pub index: &'a Index,
    pub path: &'a Path,
}

pub fn package_root(path: &Path) -> Option<PathBuf> {
    let mut dir = path.parent();
    while let Some(d) = dir {
        if let Ok(text) = std::fs::read_to_string(d.join("Cargo.toml")) {
            if text.lines().any(|l| l.trim() == "[package]") {
                return Some(d.to_path_buf());
            }
        }
        dir = d.parent();
    }
    None
}

pub fn extract_with(
    language: Language,
    text: &str,
    tree: &tree_sitter::Tree,
    _view: Option<View>,
) -> FileFacts {
    crate::extract::extract(language, text, tree)
}

pub fn check_tree_with(
    language: Language,
    text: &str,
    tree: &tree_sitter::Tree,
    settings: &Settings,
    _view: Option<View>,
) -> Vec<Diagnostic> {
    lint::check_tree_in(language, text, tree, settings)
}

pub fn check_source_with(
    language: Language,
    text: &str,
    settings: &Settings,
    _view: Option<View>,
) -> Vec<Diagnostic> {
    lint::check_source_in(language, text, settings)
}

pub fn fix_all_with(
    language: Language,
    text: &str,
    settings: &Settings,
    include_unsafe: bool,
    _view: Option<View>,
) -> Option<FixOutcome> {
    lint::fix_all_in(language, text, settings, include_unsafe)
}
