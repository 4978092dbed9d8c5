//! Extractors: syntax -> response facts. `rust` reads Rust handler code with tree-sitter, `js`
//! TypeScript and JavaScript; both produce the same `model` facts, and `Language` picks one.
//!
//! This module also renders fix intents into edits, from the `FixPlan` each extractor attached to the
//! response it found: how a header is added or a status spelled is the framework's business, not the
//! rule's.

pub mod js;
mod language;
pub mod rust;
pub mod segments;

pub use language::Language;

use crate::lint::Edit;
use crate::model::{FixIntent, HeaderInsert, HeaderStyle, Response, Span, StatusStyle};
use crate::status;

/// Whether `text` may build a response at all (if not, its parse can be skipped).
pub fn may_build_response(language: Language, text: &str) -> bool {
    if language.is_js() {
        js::may_build_response(text)
    } else {
        rust::may_build_response(text)
    }
}

/// The facts of a parsed file.
pub fn extract(
    language: Language,
    text: &str,
    tree: &tree_sitter::Tree,
) -> crate::model::FileFacts {
    if language.is_js() {
        js::extract(text, tree)
    } else {
        rust::extract(text, tree)
    }
}

/// A file's facts per item, for the language server: an edit inside one item re-reads only it.
#[derive(Debug, Clone)]
pub enum Segments {
    Rust(rust::Segments),
    Js(js::Segments),
}

impl Segments {
    /// Reads the whole file. `tree` is the parse of `text`.
    pub fn read(language: Language, text: &str, tree: &tree_sitter::Tree) -> Segments {
        if language.is_js() {
            Segments::Js(js::Segments::read(text, tree))
        } else {
            Segments::Rust(rust::Segments::read(text, tree))
        }
    }

    /// See `segments::Segments::reread`.
    pub fn reread(&self, text: &str, tree: &tree_sitter::Tree, edits: &[TextEdit]) -> Segments {
        match self {
            Segments::Rust(s) => Segments::Rust(s.reread(text, tree, edits)),
            Segments::Js(s) => Segments::Js(s.reread(text, tree, edits)),
        }
    }

    /// See `segments::Segments::update`.
    pub fn update(
        &self,
        text: &str,
        edits: &[TextEdit],
        parser: &mut tree_sitter::Parser,
        point: impl Fn(usize) -> tree_sitter::Point,
    ) -> Option<Segments> {
        Some(match self {
            Segments::Rust(s) => Segments::Rust(s.update(text, edits, parser, point)?),
            Segments::Js(s) => Segments::Js(s.update(text, edits, parser, point)?),
        })
    }

    pub fn facts(&self) -> crate::model::FileFacts {
        match self {
            Segments::Rust(s) => s.facts(),
            Segments::Js(s) => s.facts(),
        }
    }

    /// The byte range of the re-readable segment holding `offset`.
    pub fn item_range(&self, offset: usize) -> Option<std::ops::Range<usize>> {
        match self {
            Segments::Rust(s) => s.item_range(offset),
            Segments::Js(s) => s.item_range(offset),
        }
    }
}

pub use segments::{parse_range, TextEdit};

fn insert(at: usize, text: String) -> Edit {
    Edit {
        span: Span::new(at, at),
        new_text: text,
    }
}

/// Renders `intent` for `response` in its framework's idiom, or `None` when that framework (or this
/// particular construction) has no way to express it.
/// The fix title when the framework's idiom does not take the intent's value: a poem-openapi header
/// field is declared once and given its value wherever the variant is built.
pub fn retitle(intent: &FixIntent, response: &Response) -> Option<String> {
    match (intent, &response.fix_plan.add_header) {
        (
            FixIntent::AddHeader { name, .. },
            Some(HeaderInsert {
                style: HeaderStyle::OaiHeaderField { .. },
                ..
            }),
        ) => Some(format!(
            "Add a `{name}` header field (give it a value where the variant is built; unsafe)"
        )),
        _ => None,
    }
}

pub fn render(intent: &FixIntent, response: &Response, text: &str) -> Option<Vec<Edit>> {
    let plan = &response.fix_plan;
    match intent {
        FixIntent::AddHeader { name, value } => {
            let insert_plan = plan.add_header.as_ref()?;
            let at = insert_plan.at;
            // `HeaderName::from_static` (behind `IntoHeaderName` for `&'static str`) rejects upper case.
            let lower = name.to_ascii_lowercase();
            let edits = match &insert_plan.style {
                HeaderStyle::TupleElement => vec![insert(at, format!("[({name:?}, {value:?})], "))],
                HeaderStyle::BuilderHeader => vec![insert(at, format!(".header({name:?}, {value:?})"))],
                HeaderStyle::ActixInsertHeader => {
                    vec![insert(at, format!(".insert_header(({name:?}, {value:?}))"))]
                }
                HeaderStyle::RocketRawHeader => {
                    vec![insert(at, format!(".raw_header({name:?}, {value:?})"))]
                }
                HeaderStyle::PoemWithHeader => {
                    vec![insert(at, format!(".with_header({name:?}, {value:?})"))]
                }
                HeaderStyle::WarpWrap { end } => vec![
                    insert(at, "warp::reply::with_header(".to_string()),
                    insert(*end, format!(", {name:?}, {value:?})")),
                ],
                HeaderStyle::HeadersMutInsert { receiver, indent } => vec![insert(
                    at,
                    format!("\n{indent}{receiver}.headers_mut().insert({lower:?}, {value:?}.parse().unwrap());"),
                )],
                HeaderStyle::OaiHeaderField { new_list } => {
                    let field = format!("#[oai(header = {name:?})] String");
                    let text = if *new_list { format!("({field})") } else { format!(", {field}") };
                    vec![insert(at, text)]
                }
                HeaderStyle::ActixInsertHeaderStatement { receiver, indent } => vec![insert(
                    at,
                    format!("\n{indent}{receiver}.insert_header(({name:?}, {value:?}));"),
                )],
                HeaderStyle::SalvoAddHeader { receiver, indent } => vec![insert(
                    at,
                    format!("\n{indent}{receiver}.add_header({lower:?}, {value:?}, true).ok();"),
                )],
                HeaderStyle::Text {
                    before,
                    between,
                    after,
                } => vec![insert(at, format!("{before}{name:?}{between}{value:?}{after}"))],
            };
            Some(edits)
        }
        FixIntent::RemoveBody => plan.remove_body.clone(),
        FixIntent::ReplaceStatus { to } => {
            let new_text = match plan.status_style.as_ref()? {
                StatusStyle::UpperConst => status::http_const_name(*to)?.to_string(),
                StatusStyle::CamelConst | StatusStyle::CamelHelper => status::camel_name(*to)?,
                StatusStyle::Number => to.to_string(),
            };
            let span = response.status.span;
            (span.end <= text.len()).then(|| vec![Edit { span, new_text }])
        }
    }
}
