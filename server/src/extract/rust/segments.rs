//! Facts kept per item, so that an edit inside one item re-reads only that item.
//!
//! tree-sitter's incremental re-parse still costs time linear in the number of items in the list an
//! edit falls in (it reuses them one at a time: about 5 ms for 1,800 functions), and reading the whole
//! tree again costs more. So a file is read as segments: each runs from the end of one complete item
//! (top-level, or in the body of a module, impl or trait) to the end of the next one, and holds the
//! facts read from it, relative to its start, and its registrations (handlers it
//! registers by name, frameworks it imports).
//!
//! - `update`: an edit that stays inside one segment re-parses that segment alone (a parse restricted
//!   to its byte range) and re-reads it, provided that the old and the new segment are each exactly
//!   one complete item (ending in `}` or `;`) with attributes and comments before it, without syntax
//!   errors, starting on a line of its own, and with the same registrations. Such an item parses the
//!   same on its own as within the file, and reading it depends on nothing else in the file but the
//!   registrations.
//! - `reread`: any other edit parses the whole file; segments the edits did not touch keep their facts.
//!
//! Both give exactly what `read` gives (a randomized test checks this).

use std::ops::Range;
use std::sync::Arc;

use tree_sitter::{Node, Parser, Point, Tree};

use super::{scan, Registrations};
use crate::model::FileFacts;

/// One text change in bytes: `start..old_end` of the text before it became `start..new_end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextEdit {
    pub start: usize,
    pub old_end: usize,
    pub new_end: usize,
}

/// A file's facts, per top-level item.
#[derive(Debug, Clone)]
pub struct Segments {
    items: Vec<Arc<Segment>>,
    /// The union of the segments' registrations: what every function was read with.
    registrations: Registrations,
    /// Whether the file parsed without syntax errors. With an error anywhere, tree-sitter's
    /// recovery can lex text differently around an edit (a `"` typed into a comment pairs with a
    /// stray quote several items before), so one item re-parsed alone no longer stands for the file.
    clean: bool,
}

#[derive(Debug)]
struct Segment {
    len: usize,
    /// Offsets relative to the segment's start.
    facts: FileFacts,
    /// The registrations in this segment (handlers by name, frameworks used).
    registrations: Registrations,
    /// Whether an edit inside it may be answered by re-reading it alone.
    reusable: bool,
}

/// Items that end with their own `}` or `;`: nothing after them can extend them, and after them the
/// parser is where it is at the start of a file.
const CLOSED: &[&str] = &[
    "function_item",
    "function_signature_item",
    "impl_item",
    "trait_item",
    "struct_item",
    "enum_item",
    "union_item",
    "mod_item",
    "use_declaration",
    "const_item",
    "static_item",
    "type_item",
    "associated_type",
    "extern_crate_declaration",
    "foreign_mod_item",
    "macro_definition",
    "let_declaration",
];

/// How deep in modules, impls and traits items are segments of their own.
const MAX_BODY_DEPTH: u32 = 16;

/// What may come before the item in a re-read segment.
const LEADING: &[&str] = &[
    "attribute_item",
    "inner_attribute_item",
    "line_comment",
    "block_comment",
];

fn closes(node: Node<'_>) -> bool {
    CLOSED.contains(&node.kind()) && !node.has_error()
}

/// True when a segment starting at `start` starts a line: nothing it reads then lies before it.
fn starts_line(text: &str, start: usize) -> bool {
    start == 0 || text.as_bytes().get(start) == Some(&b'\n') || text[start..].starts_with("\r\n")
}

/// Collects, in order, where segments end in `list` (the file's root, or the body of a module, impl
/// or trait): after each complete item, with whether the segment ending there is re-readable alone
/// (attributes and comments, then the item, on lines of their own). A body's `{` ends a segment
/// too, so that its first item is a segment of its own.
fn boundaries(list: Node<'_>, text: &str, depth: u32, ends: &mut Vec<(usize, bool)>) {
    // Whether this list holds nothing but attributes and comments since the last segment end.
    let mut clean = true;
    for child in list.children(&mut list.walk()) {
        if child.kind() == "{" && child.start_byte() == list.start_byte() {
            // The body's `{`: a segment ended right after it.
            continue;
        }
        // An `impl ResponseError` is read as a whole: how `status_code` is read depends on whether
        // `error_response` is there too. So is an extractor's impl: its trait says which of
        // `from_request_parts`'s returns are rejections.
        let container = matches!(child.kind(), "mod_item" | "impl_item" | "trait_item")
            && !super::actix::is_response_error_impl(child, text)
            && !super::axum::is_extractor_impl(child, text);
        // Deeper bodies stay whole (the recursion must not overflow on generated nesting).
        if container && depth < MAX_BODY_DEPTH {
            let body = child.child_by_field_name("body");
            let open = body.and_then(|b| b.child(0)).filter(|c| c.kind() == "{");
            if let (Some(body), Some(open)) = (body, open) {
                ends.push((open.end_byte(), false));
                boundaries(body, text, depth + 1, ends);
                // A segment ended inside the item: the item's own one starts within it.
                clean = false;
            }
        }
        if closes(child) {
            let start = ends.last().map_or(0, |(end, _)| *end);
            ends.push((child.end_byte(), clean && starts_line(text, start)));
            clean = true;
        } else if !LEADING.contains(&child.kind()) || child.has_error() {
            clean = false;
        }
    }
}

impl Segments {
    /// Reads the whole file. `tree` is the parse of `text`.
    pub fn read(text: &str, tree: &Tree) -> Segments {
        Segments::read_keeping(text, tree, None)
    }

    /// Reads the whole file again after `edits` (in order, each in the text left by the previous
    /// ones) turned the text these segments were read from into `text`, parsed as `tree`. The facts
    /// of every re-readable segment the edits did not touch are kept, unless the registrations
    /// changed.
    pub fn reread(&self, text: &str, tree: &Tree, edits: &[TextEdit]) -> Segments {
        let old_len: usize = self.items.iter().map(|s| s.len).sum();
        let delta = text.len() as isize - old_len as isize;
        // The edited stretch, in the new text's offsets: [lo, hi).
        let mut dirty: Option<(usize, usize)> = None;
        for e in edits {
            let grown = e.new_end as isize - e.old_end as isize;
            dirty = Some(match dirty {
                None => (e.start, e.new_end),
                Some((lo, hi)) => {
                    let moved = if hi > e.old_end {
                        hi.wrapping_add_signed(grown)
                    } else {
                        0
                    };
                    (lo.min(e.start), moved.max(e.new_end))
                }
            });
        }
        let (lo, hi) = dirty.unwrap_or((text.len(), text.len()));
        let old_hi = hi as isize - delta;
        // Untouched old segments by their start in the new text.
        let mut kept = std::collections::HashMap::new();
        let mut start = 0;
        for segment in &self.items {
            let end = start + segment.len;
            let new_start = if end <= lo {
                Some(start as isize)
            } else if start as isize >= old_hi {
                Some(start as isize + delta)
            } else {
                None
            };
            if let Some(new_start) = new_start.filter(|_| segment.reusable) {
                kept.insert(new_start as usize, segment.clone());
            }
            start = end;
        }
        Segments::read_keeping(text, tree, Some((&kept, &self.registrations)))
    }

    /// `read`, keeping the given old segments (by start) where a segment of the same length is
    /// re-readable again, provided the registrations come out as `old_registrations`.
    fn read_keeping(
        text: &str,
        tree: &Tree,
        keep: Option<(
            &std::collections::HashMap<usize, Arc<Segment>>,
            &Registrations,
        )>,
    ) -> Segments {
        let root = tree.root_node();
        let mut ends = Vec::new();
        boundaries(root, text, 0, &mut ends);
        let segment_of = |at: usize| ends.partition_point(|(end, _)| *end <= at);
        let count = ends.len() + 1;
        let bounds = |i: usize| {
            let start = if i == 0 { 0 } else { ends[i - 1].0 };
            let (end, reusable) = ends.get(i).copied().unwrap_or((text.len(), false));
            (start, end.max(start), reusable)
        };
        let mut kept: Vec<Option<Arc<Segment>>> = vec![None; count];
        let mut skip = Vec::new();
        if let Some((old, _)) = keep {
            for (i, slot) in kept.iter_mut().enumerate() {
                let (start, end, reusable) = bounds(i);
                let same = old.get(&start).filter(|s| reusable && s.len == end - start);
                if let Some(segment) = same {
                    *slot = Some(segment.clone());
                    skip.push(start..end);
                }
            }
        }
        let children: Vec<Node<'_>> = root.children(&mut root.walk()).collect();
        let cx = scan(text, root, &children, &skip);
        let mut own = vec![Registrations::default(); count];
        for (at, registration) in &cx.registrations {
            own[segment_of(*at)].0.push(registration.clone());
        }
        let mut registrations = Registrations::default();
        for (i, own) in own.iter().enumerate() {
            let own = kept[i].as_ref().map_or(own, |s| &s.registrations);
            registrations.0.extend(own.0.iter().cloned());
        }
        if let Some((_, old_registrations)) = keep {
            // The kept facts were read with the old registrations.
            if registrations != *old_registrations {
                return Segments::read_keeping(text, tree, None);
            }
        }
        let facts = cx.evaluate(&registrations);
        let mut per = vec![FileFacts::default(); count];
        for response in facts.responses {
            per[segment_of(response.status.span.start)]
                .responses
                .push(response);
        }
        for mention in facts.mentions {
            per[segment_of(mention.span.start)].mentions.push(mention);
        }
        let items = per
            .into_iter()
            .zip(own)
            .zip(kept)
            .enumerate()
            .map(|(i, ((mut facts, registrations), kept))| {
                if let Some(segment) = kept {
                    return segment;
                }
                let (start, end, reusable) = bounds(i);
                facts.shift(-(start as isize));
                Arc::new(Segment {
                    len: end - start,
                    facts,
                    registrations,
                    reusable,
                })
            })
            .collect();
        Segments {
            items,
            registrations,
            clean: !root.has_error(),
        }
    }

    /// The segments after `edits` (in order, each in the text left by the previous ones) turned the
    /// text these segments were read from into `text`; `None` when the edits need the whole file read
    /// again. `point` gives the tree-sitter point (row, byte column) of an offset in `text`.
    pub fn update(
        &self,
        text: &str,
        edits: &[TextEdit],
        parser: &mut Parser,
        point: impl Fn(usize) -> Point,
    ) -> Option<Segments> {
        let Some(first) = edits.first() else {
            return Some(self.clone());
        };
        // The segment the first edit starts in (an insertion at a boundary belongs to the next one).
        let (index, start) = self.locate(first.start)?;
        let old = &self.items[index];
        if !old.reusable || !self.clean {
            return None;
        }
        let mut end = start + old.len;
        for edit in edits {
            let inside = start <= edit.start && edit.start < end && edit.old_end <= end;
            if !inside || edit.new_end < edit.start || edit.old_end < edit.start {
                return None;
            }
            end = end + edit.new_end - edit.old_end;
        }
        if end > text.len() || !starts_line(text, start) {
            return None;
        }
        let tree = parse_range(parser, text, start..end, point)?;
        let root = tree.root_node();
        if root.has_error() {
            return None;
        }
        let children: Vec<Node<'_>> = root.children(&mut root.walk()).collect();
        let (item, leading) = children.split_last()?;
        let one_item = closes(*item)
            && item.end_byte() == end
            && leading.iter().all(|n| LEADING.contains(&n.kind()));
        if !one_item {
            return None;
        }
        let cx = scan(text, root, &children, &[]);
        // Registering other handlers changes how functions elsewhere are read.
        let own = cx.registrations.iter().map(|(_, r)| r.clone());
        if !own.eq(old.registrations.0.iter().cloned()) {
            return None;
        }
        let mut facts = cx.evaluate(&self.registrations);
        facts.shift(-(start as isize));
        let mut items = self.items.clone();
        items[index] = Arc::new(Segment {
            len: end - start,
            facts,
            registrations: old.registrations.clone(),
            reusable: true,
        });
        Some(Segments {
            items,
            registrations: self.registrations.clone(),
            clean: true,
        })
    }

    /// The facts of the whole file, in its offsets.
    pub fn facts(&self) -> FileFacts {
        let mut out = FileFacts::default();
        let mut start = 0;
        for segment in &self.items {
            out.extend_shifted(&segment.facts, start as isize);
            start += segment.len;
        }
        out
    }

    /// The byte range of the re-readable segment holding `offset`: a range that parses on its own.
    pub fn item_range(&self, offset: usize) -> Option<Range<usize>> {
        let (index, start) = self.locate(offset)?;
        let segment = &self.items[index];
        segment.reusable.then_some(start..start + segment.len)
    }

    /// The index and start of the segment holding `offset` (a boundary belongs to the next one).
    fn locate(&self, offset: usize) -> Option<(usize, usize)> {
        let mut start = 0;
        for (index, segment) in self.items.iter().enumerate() {
            if offset < start + segment.len {
                return Some((index, start));
            }
            start += segment.len;
        }
        None
    }
}

/// Parses only `range` of `text`; the tree's nodes carry offsets in `text`. `point` gives the
/// tree-sitter point (row, byte column) of an offset. `None` also when the parse runs out of time.
pub fn parse_range(
    parser: &mut Parser,
    text: &str,
    range: Range<usize>,
    point: impl Fn(usize) -> Point,
) -> Option<Tree> {
    parser
        .set_included_ranges(&[tree_sitter::Range {
            start_byte: range.start,
            end_byte: range.end,
            start_point: point(range.start),
            end_point: point(range.end),
        }])
        .ok()?;
    crate::lint::parse(parser, text, None).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::rust_parser;
    use std::path::Path;

    fn read(text: &str) -> Segments {
        let tree = rust_parser().parse(text, None).unwrap();
        Segments::read(text, &tree)
    }

    fn point(text: &str, offset: usize) -> Point {
        let before = &text[..offset];
        let row = before.matches('\n').count();
        Point {
            row,
            column: offset - before.rfind('\n').map_or(0, |i| i + 1),
        }
    }

    fn update(segments: &Segments, text: &str, edits: &[TextEdit]) -> Option<Segments> {
        segments.update(text, edits, &mut rust_parser(), |o| point(text, o))
    }

    /// Applies `replace(start..end, new)` to `text`, returning the edit.
    fn apply(text: &mut String, start: usize, end: usize, new: &str) -> TextEdit {
        text.replace_range(start..end, new);
        TextEdit {
            start,
            old_end: end,
            new_end: start + new.len(),
        }
    }

    /// The Rust files of the fixture corpus and the examples.
    fn corpus() -> Vec<String> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut dirs = vec![root.join("tests/fixtures")];
        let mut files = Vec::new();
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    files.push(std::fs::read_to_string(path).unwrap());
                }
            }
        }
        for example in ["axum-service", "actix-service"] {
            for entry in std::fs::read_dir(root.join("examples").join(example).join("src")).unwrap()
            {
                files.push(std::fs::read_to_string(entry.unwrap().path()).unwrap());
            }
        }
        assert!(files.len() >= 15, "corpus not found");
        files
    }

    /// A small deterministic generator (xorshift), so failures reproduce.
    struct Rng(u64);
    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n as u64) as usize
        }
    }

    fn floor_boundary(text: &str, mut at: usize) -> usize {
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        at
    }

    /// Random one-character edits (most of them undone again, the others kept, so that edits also
    /// happen next to broken code) all over real handler files: whenever an edit is answered from
    /// the segments, and after every re-read that keeps untouched segments, the facts equal those of
    /// reading the edited file from scratch.
    #[test]
    fn updated_segments_equal_a_full_read() {
        let mut rng = Rng(0x5eed_1234_abcd_ef01);
        let (mut fast, mut total) = (0, 0);
        for original in corpus() {
            let mut text = original.clone();
            let mut segments = read(&text);
            for round in 0..150 {
                if round % 30 == 0 {
                    text = original.clone();
                    segments = read(&text);
                }
                let at = floor_boundary(&text, rng.below(text.len().max(1)));
                let before = text.clone();
                let edits = if rng.below(3) == 0 && at < text.len() {
                    let end = at + text[at..].chars().next().unwrap().len_utf8();
                    vec![apply(&mut text, at, end, "")]
                } else {
                    let c = [
                        "x", " ", "\n", "\"", "{", "}", ";", "(", "/", "#", "1", "'", ":",
                    ][rng.below(13)];
                    let mut edits = vec![apply(&mut text, at, at, c)];
                    if rng.below(4) == 0 {
                        // Two changes in one notification: typing a pair.
                        edits.push(apply(&mut text, at + 1, at + 1, "x"));
                    }
                    edits
                };
                // The undo: put back what the edits replaced.
                let grown = text.len() as isize - before.len() as isize;
                let mut undone = text.clone();
                let undo = apply(
                    &mut undone,
                    at,
                    (at as isize + grown.max(0)) as usize,
                    &before[at..(at as isize - grown.min(0)) as usize],
                );
                assert_eq!(undone, before);
                // One edit in four stays, so later edits also happen next to broken code.
                let mut steps = vec![(edits, text.clone())];
                if rng.below(4) != 0 {
                    steps.push((vec![undo], before.clone()));
                }
                for (edits, current) in steps {
                    total += 1;
                    let tree = rust_parser().parse(&current, None).unwrap();
                    let full = format!("{:?}", Segments::read(&current, &tree).facts());
                    // Read again, keeping what the edits did not touch.
                    let reread = segments.reread(&current, &tree, &edits);
                    assert_eq!(
                        format!("{:?}", reread.facts()),
                        full,
                        "reread after {edits:?} in:\n{current}"
                    );
                    if let Some(updated) = update(&segments, &current, &edits) {
                        fast += 1;
                        assert_eq!(
                            format!("{:?}", updated.facts()),
                            full,
                            "after {edits:?} in:\n{current}"
                        );
                        segments = updated;
                    } else {
                        segments = reread;
                    }
                    text = current;
                }
            }
        }
        // Most positions are inside a function, and most one-character edits there keep it valid;
        // but a kept edit that breaks the file sends every later edit in it down the whole-file
        // path (`Segments::clean`), so only about one in six takes the fast path here.
        eprintln!("{fast} of {total} edits took the fast path");
        assert!(
            fast * 10 > total,
            "only {fast} of {total} edits took the fast path"
        );
    }

    #[test]
    fn typing_in_a_handler_rereads_it_alone_and_breaking_it_does_not() {
        let mut text = String::from(
            "use axum::http::StatusCode;\n\nasync fn a() -> StatusCode {\n    StatusCode::OK\n}\n\n\
             async fn b() -> impl IntoResponse {\n    (StatusCode::NO_CONTENT, \"x\")\n}\n",
        );
        let segments = read(&text);
        let at = text.find("\"x").unwrap() + 1;
        let edit = apply(&mut text, at, at, "yz");
        let updated = update(&segments, &text, &[edit]).expect("an edit in a string is local");
        let facts = updated.facts();
        assert_eq!(facts.responses.len(), 2);
        let body = text.find("\"yzx\"").unwrap();
        assert!(matches!(
            facts.responses[1].body,
            crate::model::Body::Present { span, .. } if span == crate::model::Span::new(body, body + 5)
        ));
        // An unclosed brace may swallow the items after it: the whole file is read again.
        let at = text.find("StatusCode::OK").unwrap();
        let edit = apply(&mut text, at, at, "{");
        assert!(update(&updated, &text, &[edit]).is_none());
    }

    #[test]
    fn items_in_modules_and_impls_are_reread_alone() {
        let mut text = String::from(
            "mod api {\n    pub struct E;\n\n    impl IntoResponse for E {\n        fn into_response(self) -> Response {\n            \
             (StatusCode::UNAUTHORIZED, \"x\").into_response()\n        }\n    }\n\n    \
             pub async fn gone() -> impl IntoResponse {\n        (StatusCode::NO_CONTENT, \"y\")\n    }\n}\n",
        );
        let mut segments = read(&text);
        for quote in ["\"x", "\"y"] {
            let at = text.find(quote).unwrap() + 1;
            let edit = apply(&mut text, at, at, "z");
            segments =
                update(&segments, &text, &[edit]).expect("an edit in a nested item is local");
            assert_eq!(
                format!("{:?}", segments.facts()),
                format!("{:?}", read(&text).facts())
            );
        }
        assert_eq!(segments.facts().responses.len(), 2);
        // The module's own header is not part of any one item.
        let at = text.find("mod api").unwrap() + 4;
        let edit = apply(&mut text, at, at, "x");
        assert!(update(&segments, &text, &[edit]).is_none());
    }

    /// How many of `b`'s segments are `a`'s, unchanged.
    fn shared(a: &Segments, b: &Segments) -> usize {
        b.items
            .iter()
            .filter(|x| a.items.iter().any(|y| Arc::ptr_eq(x, y)))
            .count()
    }

    #[test]
    fn rereading_after_a_breaking_edit_keeps_the_untouched_items() {
        let mut text = String::new();
        for i in 0..6 {
            text.push_str(&format!(
                "async fn h{i}() -> impl IntoResponse {{\n    (StatusCode::NO_CONTENT, \"x\")\n}}\n\n"
            ));
        }
        let segments = read(&text);
        assert_eq!(segments.items.len(), 7);
        let at = text.find("(StatusCode").unwrap() + 200;
        let at = text[at..].find("(StatusCode").unwrap() + at;
        let edit = apply(&mut text, at, at, "{");
        let tree = rust_parser().parse(&text, None).unwrap();
        assert!(tree.root_node().has_error());
        let again = segments.reread(&text, &tree, &[edit]);
        assert_eq!(
            format!("{:?}", again.facts()),
            format!("{:?}", Segments::read(&text, &tree).facts())
        );
        // The handlers before the edit keep their facts; the broken one and what it may have
        // swallowed are read again.
        let kept = shared(&segments, &again);
        assert!((2..again.items.len()).contains(&kept), "kept {kept}");
        // Closing it again: everything but the edited handler is kept.
        let edit = apply(&mut text, at, at + 1, "");
        let tree = rust_parser().parse(&text, None).unwrap();
        let closed = again.reread(&text, &tree, &[edit]);
        assert_eq!(
            format!("{:?}", closed.facts()),
            format!("{:?}", segments.facts())
        );
        assert!(shared(&again, &closed) >= kept);
    }

    #[test]
    fn a_new_registration_rereads_the_whole_file() {
        let mut text = String::from(
            "async fn create() -> impl IntoResponse {\n    (StatusCode::CREATED, \"made\")\n}\n\n\
             fn app() -> Router {\n    Router::new().route(\"/\", post(create))\n}\n",
        );
        let segments = read(&text);
        let at = text.find("post(").unwrap();
        let edit = apply(&mut text, at, at + 4, "put");
        assert!(update(&segments, &text, &[edit]).is_none());
        // Read in full, the 201 now answers a PUT.
        assert_eq!(read(&text).facts().responses[0].method, Some("PUT"));
    }
}
