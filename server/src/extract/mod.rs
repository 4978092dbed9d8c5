//! Extractors: syntax -> response facts. Each language is a folder (`rust`, `js`) that describes
//! itself with a `language::Spec` listed in `languages.rs`; all produce the same `model` facts, and
//! the rest of the program only sees `Language`, `Segments` and those facts.

mod field;
mod fix;
pub mod go;
pub mod js;
mod language;
pub mod languages;
mod layout;
pub mod python;
pub mod rust;
mod scope;
pub mod segments;

pub use crate::index::View;
pub(crate) use field::Field;
pub use language::{Fixes, Language, Module, Packages, Spec};

use std::fmt::Debug;
use std::ops::Range;

use tree_sitter::{Parser, Point, Tree};

use crate::model::FileFacts;

/// Whether `text` may build a response at all (if not, its parse can be skipped).
pub fn may_build_response(language: Language, text: &str) -> bool {
    language.may_build_response(text)
}

/// The facts of a parsed file, read with an index of the file alone.
pub fn extract(language: Language, text: &str, tree: &Tree) -> FileFacts {
    extract_with(language, text, tree, None)
}

/// The facts of a parsed file, with names resolved through `view` (without one, through an index
/// of the file alone: its own helpers resolve).
pub fn extract_with(
    language: Language,
    text: &str,
    tree: &Tree,
    view: Option<View<'_>>,
) -> FileFacts {
    Segments::read_with(language, text, tree, view).facts()
}

/// A file's facts per item, for the language server: an edit inside one item re-reads only it.
/// Whatever the language: its `segments::Segments<Reader>` behind one object.
#[derive(Debug)]
pub struct Segments(Box<dyn Items>);

impl Clone for Segments {
    fn clone(&self) -> Segments {
        self.0.boxed_clone()
    }
}

/// `segments::Segments<R>` for any language's `R`, as an object.
trait Items: Debug + Send + Sync {
    fn reread_with(
        &self,
        text: &str,
        tree: &Tree,
        edits: &[TextEdit],
        view: Option<View<'_>>,
    ) -> Segments;
    fn update_with(
        &self,
        text: &str,
        edits: &[TextEdit],
        parser: &mut Parser,
        point: &dyn Fn(usize) -> Point,
        view: Option<View<'_>>,
    ) -> Option<Segments>;
    fn read_again_with(
        &self,
        text: &str,
        tree: &Tree,
        view: View<'_>,
        found_otherwise: &dyn Fn(&str, bool) -> bool,
    ) -> Option<Segments>;
    fn facts(&self) -> FileFacts;
    fn item_range(&self, offset: usize) -> Option<Range<usize>>;
    fn boxed_clone(&self) -> Segments;
}

impl<R> Items for segments::Segments<R>
where
    R: segments::Reader + Debug + 'static,
    R::Registration: Send + Sync + 'static,
{
    fn reread_with(
        &self,
        text: &str,
        tree: &Tree,
        edits: &[TextEdit],
        view: Option<View<'_>>,
    ) -> Segments {
        Segments::new(segments::Segments::reread_with(
            self, text, tree, edits, view,
        ))
    }

    fn update_with(
        &self,
        text: &str,
        edits: &[TextEdit],
        parser: &mut Parser,
        point: &dyn Fn(usize) -> Point,
        view: Option<View<'_>>,
    ) -> Option<Segments> {
        segments::Segments::update_with(self, text, edits, parser, point, view).map(Segments::new)
    }

    fn read_again_with(
        &self,
        text: &str,
        tree: &Tree,
        view: View<'_>,
        found_otherwise: &dyn Fn(&str, bool) -> bool,
    ) -> Option<Segments> {
        segments::Segments::read_again_with(self, text, tree, view, found_otherwise)
            .map(Segments::new)
    }

    fn facts(&self) -> FileFacts {
        segments::Segments::facts(self)
    }

    fn item_range(&self, offset: usize) -> Option<Range<usize>> {
        segments::Segments::item_range(self, offset)
    }

    fn boxed_clone(&self) -> Segments {
        Segments::new(self.clone())
    }
}

impl Segments {
    /// A language's segments (its `Spec::read` wraps its reader's with this).
    pub fn new<R>(segments: segments::Segments<R>) -> Segments
    where
        R: segments::Reader + Debug + 'static,
        R::Registration: Send + Sync + 'static,
    {
        Segments(Box::new(segments))
    }

    /// Reads the whole file. `tree` is the parse of `text`.
    pub fn read(language: Language, text: &str, tree: &Tree) -> Segments {
        Segments::read_with(language, text, tree, None)
    }

    /// `read`, with names resolved through `view` (see `segments::Segments::read_with`).
    pub fn read_with(
        language: Language,
        text: &str,
        tree: &Tree,
        view: Option<View<'_>>,
    ) -> Segments {
        (language.read)(text, tree, view)
    }

    /// See `segments::Segments::reread`.
    pub fn reread(&self, text: &str, tree: &Tree, edits: &[TextEdit]) -> Segments {
        self.reread_with(text, tree, edits, None)
    }

    pub fn reread_with(
        &self,
        text: &str,
        tree: &Tree,
        edits: &[TextEdit],
        view: Option<View<'_>>,
    ) -> Segments {
        self.0.reread_with(text, tree, edits, view)
    }

    /// See `segments::Segments::update`.
    pub fn update(
        &self,
        text: &str,
        edits: &[TextEdit],
        parser: &mut Parser,
        point: impl Fn(usize) -> Point,
    ) -> Option<Segments> {
        self.update_with(text, edits, parser, point, None)
    }

    pub fn update_with(
        &self,
        text: &str,
        edits: &[TextEdit],
        parser: &mut Parser,
        point: impl Fn(usize) -> Point,
        view: Option<View<'_>>,
    ) -> Option<Segments> {
        self.0.update_with(text, edits, parser, &point, view)
    }

    /// See `segments::Segments::read_again_with`.
    pub fn read_again_with(
        &self,
        text: &str,
        tree: &Tree,
        view: View<'_>,
        found_otherwise: &dyn Fn(&str, bool) -> bool,
    ) -> Option<Segments> {
        self.0.read_again_with(text, tree, view, found_otherwise)
    }

    pub fn facts(&self) -> FileFacts {
        self.0.facts()
    }

    /// The byte range of the re-readable segment holding `offset`.
    pub fn item_range(&self, offset: usize) -> Option<Range<usize>> {
        self.0.item_range(offset)
    }
}

pub use segments::{parse_range, TextEdit};
